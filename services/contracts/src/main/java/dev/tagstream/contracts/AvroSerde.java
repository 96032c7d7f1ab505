package dev.tagstream.contracts;

import dev.tagstream.contracts.ContractException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a topic's values. Writes Avro single-object encoding (0xC3 0x01, 8-byte schema
 * fingerprint, body), so a reader without a schema registry can tell which schema wrote a record,
 * or the Schema Registry wire format ({@link ConfluentWire}) when {@link ValueEncoding} says so.
 * Reads both: single-object values under the current schema and every frozen earlier version
 * shipped under {@code schemas/frozen/}, registry values under the schema their id names.
 */
public final class AvroSerde<V extends SpecificRecord> implements Serde<V> {
  /**
   * Each thread's output buffer and encoder, reused across values and serdes (the bytes are copied
   * out).
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static {
    AvroLimits.apply(); // before the first value is decoded: Avro reads its caps once
  }

  private final Class<V> type;
  private final DatumWriter<V> writer;
  private final byte[] header;
  private final BinaryMessageDecoder<V> decoder;
  private final Schema schema;
  private final SpecificData data;
  private final Map<Integer, DatumReader<V>> registered = new ConcurrentHashMap<>();

  /**
   * Local state (a store's values) never goes through the registry: it is not a topic's contract.
   */
  private final boolean local;

  AvroSerde(Class<V> type, Schema schema) {
    this(type, schema, false);
  }

  @SuppressWarnings("unchecked")
  AvroSerde(Class<V> type, Schema schema, boolean local) {
    this.type = type;
    this.local = local;
    this.schema = schema;
    this.data = SpecificData.getForClass(type);
    this.writer =
        type == ImageReference.class && ImageReferenceWriter.fits(schema)
            ? (DatumWriter<V>) new ImageReferenceWriter()
            : (DatumWriter<V>) data.createDatumWriter(schema);
    this.header =
        ByteBuffer.allocate(10)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 0xC3)
            .put((byte) 0x01)
            .putLong(SchemaNormalization.parsingFingerprint64(schema))
            .array();
    this.decoder = new BinaryMessageDecoder<>(data, schema);
    for (Schema old : frozenVersions(schema.getName())) {
      decoder.addSchema(old);
    }
  }

  /** Encodes one value in this process's {@link ValueEncoding}; null stays null (a tombstone). */
  public byte[] encode(String topic, V value) {
    if (value == null) {
      return null;
    }
    ValueEncoding.Choice how = ValueEncoding.current();
    if (!local && how.writes() == ValueEncoding.Format.REGISTRY) {
      // Cached by the client after the first call (normally the start-up registration).
      return encode(
          topic,
          value,
          ConfluentWire.header(how.registry().register(ValueEncoding.subject(topic), schema)));
    }
    return encode(topic, value, header);
  }

  private byte[] encode(String topic, V value, byte[] prefix) {
    // What BinaryMessageEncoder writes (marker, fingerprint, body), without its ByteBuffer and
    // second copy.
    try {
      Scratch s = SCRATCH.get();
      s.out.reset();
      s.out.write(prefix);
      s.encoder = EncoderFactory.get().directBinaryEncoder(s.out, s.encoder);
      writer.write(value, s.encoder);
      return s.out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new ContractException(
          Kind.UNENCODABLE,
          topic,
          type.getSimpleName() + " cannot be encoded: " + e.getMessage(),
          e);
    }
  }

  /**
   * Decodes one value in either encoding; null stays null. Throws {@link ContractException} for a
   * value that cannot be read, and {@link RegistryException} only when the registry cannot answer
   * for a schema id (not the value's fault: the caller should stop or retry, not dead-letter it).
   */
  public V decode(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (ConfluentWire.matches(bytes)) {
      return decodeRegistered(topic, bytes);
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new ContractException(
          Kind.UNKNOWN_SCHEMA,
          topic,
          "value written with an unknown "
              + type.getSimpleName()
              + " schema ("
              + e.getMessage()
              + ")",
          e);
    } catch (BadHeaderException e) {
      throw new ContractException(
          Kind.BAD_HEADER,
          topic,
          "value is not Avro single-object encoded "
              + type.getSimpleName()
              + " ("
              + bytes.length
              + " bytes), nor in the schema registry wire format",
          e);
    } catch (IOException | RuntimeException e) {
      // Untrusted bytes make Avro fail in many ways (EOF, bad union index, over its system limits
      // for
      // lengths); all mean the same thing to the caller.
      throw new ContractException(
          Kind.CORRUPT_BODY,
          topic,
          "corrupt " + type.getSimpleName() + " body (" + bytes.length + " bytes): " + e,
          e);
    }
  }

  private V decodeRegistered(String topic, byte[] bytes) {
    int id = ConfluentWire.schemaId(bytes);
    DatumReader<V> reader = registered.get(id);
    if (reader == null) {
      SchemaRegistryClient registry = ValueEncoding.current().registry();
      if (registry == null) {
        throw new ContractException(
            Kind.UNKNOWN_SCHEMA,
            topic,
            type.getSimpleName()
                + " value is in the schema "
                + "registry wire format (schema id "
                + id
                + ") but no schema-registry-url is set",
            null);
      }
      Schema writer;
      try {
        writer = registry.schema(id);
      } catch (RegistryException e) {
        if (e.status() != 404) {
          throw e;
        }
        throw new ContractException(
            Kind.UNKNOWN_SCHEMA,
            topic,
            type.getSimpleName()
                + " value names schema id "
                + id
                + ", which the registry at "
                + registry.url()
                + " does not know",
            e);
      }
      reader = registered.computeIfAbsent(id, i -> readerOf(writer, topic, i));
    }
    try {
      return reader.read(
          null,
          DecoderFactory.get()
              .binaryDecoder(
                  bytes,
                  ConfluentWire.HEADER_LENGTH,
                  bytes.length - ConfluentWire.HEADER_LENGTH,
                  null));
    } catch (IOException | RuntimeException e) {
      throw new ContractException(
          Kind.CORRUPT_BODY,
          topic,
          "corrupt "
              + type.getSimpleName()
              + " body ("
              + bytes.length
              + " bytes, schema id "
              + id
              + "): "
              + e,
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumReader<V> readerOf(Schema writer, String topic, int id) {
    if (!writer.getFullName().equals(schema.getFullName())) {
      throw new ContractException(
          Kind.UNKNOWN_SCHEMA,
          topic,
          "schema id " + id + " is " + writer.getFullName() + ", not " + schema.getFullName(),
          null);
    }
    return (DatumReader<V>) data.createDatumReader(writer, schema);
  }

  @Override
  public Serializer<V> serializer() {
    return (topic, value) -> encode(topic, value);
  }

  @Override
  public Deserializer<V> deserializer() {
    return (topic, bytes) -> decode(topic, bytes);
  }

  /**
   * A growable byte buffer without ByteArrayOutputStream's locking, and the encoder writing into
   * it.
   */
  private static final class Scratch {
    final Bytes out = new Bytes();
    BinaryEncoder encoder;
  }

  private static final class Bytes extends OutputStream {
    private byte[] buf = new byte[512];
    private int size;

    void reset() {
      size = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /**
   * Earlier committed versions of a schema: resources {@code schemas/frozen/<Name>.v<N>.avsc}, N =
   * 1, 2, ...
   */
  static List<Schema> frozenVersions(String name) {
    List<Schema> out = new ArrayList<>();
    for (int v = 1; ; v++) {
      String res = "/schemas/frozen/" + name + ".v" + v + ".avsc";
      try (InputStream in = AvroSerde.class.getResourceAsStream(res)) {
        if (in == null) {
          return out;
        }
        out.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + res, e);
      }
    }
  }
}
