package dev.tagstream.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * {@code schemas/fingerprints.json}: the single-object fingerprint of every schema version, as the
 * 8 bytes that follow 0xC3 0x01 on the wire. Readers in other languages look a value's schema up
 * there instead of computing the fingerprint, because some Avro libraries get the parsing canonical
 * form wrong (python3-avro 1.11 drops logical types' attributes differently from Java), so their
 * fingerprints would not match.
 */
public final class FingerprintTable {
  static final String FILE = "schemas/fingerprints.json";

  private FingerprintTable() {}

  /** The file's exact content, generated from the schemas this build ships. */
  public static String json() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put(
        "about",
        "Avro single-object fingerprints (CRC-64-AVRO of the parsing canonical form, as the 8 "
            + "little-endian bytes after C3 01 on the wire, in hex) of every schema version in this directory. "
            + "Generated from Java Avro by FingerprintTable; FingerprintTableTest keeps it up to date.");
    ObjectNode types = root.putObject("schemas");
    for (Topic<?> t : Topics.all()) {
      String name = t.schema().getName();
      if (types.has(name)) {
        continue; // a value type shared by two topics (shadow-predictions): listed once, first
        // topic
      }
      ObjectNode type = types.putObject(name);
      type.put("topic", t.baseName());
      type.put("current", hex(t.schema()));
      type.put("current_file", name + ".avsc");
      ArrayNode versions = type.putArray("versions");
      List<Schema> frozen = AvroSerde.frozenVersions(name);
      for (int v = 0; v < frozen.size(); v++) {
        versions
            .addObject()
            .put("file", "frozen/" + name + ".v" + (v + 1) + ".avsc")
            .put("fingerprint", hex(frozen.get(v)));
      }
    }
    try {
      return json.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 8 bytes after the marker, as written by {@link AvroSerde}, in lower-case hex. */
  static String hex(Schema schema) {
    return HexFormat.of()
        .formatHex(
            ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(schema))
                .array());
  }
}
