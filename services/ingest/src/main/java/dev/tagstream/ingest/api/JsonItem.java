package dev.tagstream.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One submitted item: an object's fields in document order, string values as {@link String} and
 * every other value as a tree; or a value that is not an object at all. Read straight from the
 * parser's tokens, it spares the common all-string item the tree's map and nodes.
 */
final class JsonItem {
  private final List<String> names;
  private final List<Object> values;
  private final JsonNode notObject;

  private JsonItem(List<String> names, List<Object> values, JsonNode notObject) {
    this.names = names;
    this.values = values;
    this.notObject = notObject;
  }

  /** The item for a parsed tree. */
  static JsonItem of(JsonNode node) {
    if (!node.isObject()) {
      return new JsonItem(List.of(), List.of(), node);
    }
    List<String> names = new ArrayList<>(node.size());
    List<Object> values = new ArrayList<>(node.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      names.add(e.getKey());
      values.add(e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
    }
    return new JsonItem(names, values, null);
  }

  /**
   * Reads the value at the parser's current token (the parser must have a codec for non-string
   * values).
   */
  static JsonItem read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return new JsonItem(List.of(), List.of(), p.readValueAsTree());
    }
    List<String> names = new ArrayList<>(4);
    List<Object> values = new ArrayList<>(4);
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      names.add(name);
      values.add(p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : p.readValueAsTree());
    }
    return new JsonItem(names, values, null);
  }

  boolean isObject() {
    return notObject == null;
  }

  /** The value of a non-object item. */
  JsonNode node() {
    return notObject;
  }

  List<String> names() {
    return names;
  }

  /** A field's value: a String, a JsonNode (possibly a null node), or null when absent. */
  Object get(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(name)) {
        return values.get(i);
      }
    }
    return null;
  }
}
