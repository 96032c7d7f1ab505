package dev.tagstream.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders Avro values as plain JSON for people and for non-Avro consumers: unions unwrapped (unlike
 * Avro's JSON encoding), timestamps as ISO-8601 strings, bytes as base64.
 */
public final class RecordJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RecordJson() {}

  public static String toJson(IndexedRecord record) {
    try {
      return MAPPER.writeValueAsString(toNode(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + record.getSchema().getName(), e);
    }
  }

  public static JsonNode toNode(Object value) {
    if (value == null) {
      return F.nullNode();
    }
    if (value instanceof IndexedRecord r) {
      ObjectNode o = F.objectNode();
      for (Schema.Field f : r.getSchema().getFields()) {
        o.set(f.name(), toNode(r.get(f.pos())));
      }
      return o;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, v) -> o.set(String.valueOf(k), toNode(v)));
      return o;
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = F.arrayNode();
      c.forEach(v -> a.add(toNode(v)));
      return a;
    }
    if (value instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return F.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof Instant i) {
      return F.textNode(i.toString());
    }
    if (value instanceof Integer i) {
      return F.numberNode(i);
    }
    if (value instanceof Long l) {
      return F.numberNode(l);
    }
    if (value instanceof Float fl) {
      return F.numberNode(fl);
    }
    if (value instanceof Double d) {
      return F.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (value instanceof GenericEnumSymbol<?>
        || value instanceof Enum<?>
        || value instanceof CharSequence) {
      return F.textNode(value.toString());
    }
    return F.textNode(value.toString());
  }
}
