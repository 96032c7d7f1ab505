"""Reads and writes tagstream topic values in both encodings, with Debian's python3-avro.

- Avro single-object encoding: C3 01, the writer schema's 8-byte fingerprint, then the Avro body. The schema is
  looked up in schemas/fingerprints.json (python3-avro 1.11 computes a different canonical form for fields with
  logical types, so its own fingerprints would not match Java's).
- The Schema Registry wire format: 00, the writer schema's 4-byte big-endian registry id, then the Avro body.
  The schema is fetched from the registry (python3-confluent-kafka's SchemaRegistryClient; it needs
  python3-requests).
"""
import datetime
import io
import json
import os
import struct

import avro.io
import avro.schema

SCHEMAS = os.environ.get("TAGSTREAM_SCHEMAS",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas"))
SINGLE_OBJECT = b"\xc3\x01"
REGISTRY_MAGIC = b"\x00"


def _parse(path):
    with open(os.path.join(SCHEMAS, path), encoding="utf-8") as f:
        return avro.schema.parse(f.read())


class Values:
    """The values of one record type (e.g. "Prediction"): decodes both encodings, encodes either."""

    def __init__(self, name, registry=None):
        with open(os.path.join(SCHEMAS, "fingerprints.json"), encoding="utf-8") as f:
            entry = json.load(f)["schemas"][name]
        self.schema = _parse(entry["current_file"])
        self.fingerprint = bytes.fromhex(entry["current"])
        self.by_fingerprint = {bytes.fromhex(v["fingerprint"]): _parse(v["file"]) for v in entry["versions"]}
        self.by_fingerprint[self.fingerprint] = self.schema
        self.registry = registry
        self.by_id = {}

    def decode(self, value):
        """Returns (encoding, record as a dict); raises ValueError for a value in neither encoding."""
        if value[:2] == SINGLE_OBJECT and len(value) >= 10:
            writer = self.by_fingerprint.get(value[2:10])
            if writer is None:
                raise ValueError("unknown schema fingerprint " + value[2:10].hex())
            return "single-object", self._read(writer, value[10:])
        if value[:1] == REGISTRY_MAGIC and len(value) >= 5:
            (schema_id,) = struct.unpack(">i", value[1:5])
            return "registry", self._read(self._registered(schema_id), value[5:])
        raise ValueError("neither single-object nor registry wire format (first byte %r)" % value[:1])

    def encode_single_object(self, record):
        return SINGLE_OBJECT + self.fingerprint + self._write(self.schema, record)

    def encode_registry(self, subject):
        """A function that encodes records with the subject's latest schema (registered by the Java services)."""
        latest = self.registry.get_latest_version(subject)
        writer = avro.schema.parse(latest.schema.schema_str)
        if writer.fullname != self.schema.fullname:
            raise ValueError("%s holds %s, not %s" % (subject, writer.fullname, self.schema.fullname))
        header = REGISTRY_MAGIC + struct.pack(">i", latest.schema_id)
        return lambda record: header + self._write(writer, record)

    def _registered(self, schema_id):
        if schema_id not in self.by_id:
            if self.registry is None:
                raise ValueError("registry wire format (schema id %d) but no --schema-registry-url" % schema_id)
            self.by_id[schema_id] = avro.schema.parse(self.registry.get_schema(schema_id).schema_str)
        return self.by_id[schema_id]

    def _read(self, writer, body):
        return avro.io.DatumReader(writer, self.schema).read(avro.io.BinaryDecoder(io.BytesIO(body)))

    @staticmethod
    def _write(schema, record):
        out = io.BytesIO()
        avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()


def registry_client(url):
    """python3-confluent-kafka's registry client, or None without a URL."""
    if not url:
        return None
    from confluent_kafka.schema_registry import SchemaRegistryClient
    return SchemaRegistryClient({"url": url})


def millis(t):
    """timestamp-millis fields come back as aware datetimes; JSON gets epoch milliseconds."""
    return int(t.timestamp() * 1000) if isinstance(t, datetime.datetime) else t


def from_millis(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return millis(value)
