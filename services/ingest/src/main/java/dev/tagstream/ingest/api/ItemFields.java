package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields from one JSON item, collecting every problem instead of stopping at the first.
 */
final class ItemFields {
  private final JsonItem item;
  private final List<FieldError> errors = new ArrayList<>(0);

  ItemFields(JsonItem item, Set<String> allowed) {
    this.item = item;
    for (String n : item.names()) {
      if (!allowed.contains(n)) {
        error(n, "unknown field; allowed fields are " + String.join(", ", allowed));
      }
    }
  }

  void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  List<FieldError> errors() {
    return List.copyOf(errors);
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** The required {@code id}, checked against the image id rule; null when missing. */
  String imageId() {
    String id = text("id", true);
    if (id != null) {
      ImageIds.problem(id).ifPresent(m -> error("id", m));
    }
    return id;
  }

  /** The optional {@code source}, or {@code fallback} when absent or empty. */
  String source(String fallback) {
    String source = text("source", false);
    return source == null || source.isEmpty() ? fallback : source;
  }

  /** A string field; null (after recording an error when required) if absent or not a string. */
  String text(String field, boolean required) {
    Object v = item.get(field);
    if (v instanceof String s) {
      return s;
    }
    if (absent(v)) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    error(field, "must be a string, not " + kind((JsonNode) v));
    return null;
  }

  /** Whether a field's value counts as not given: missing or JSON null. */
  private static boolean absent(Object v) {
    return v == null || v instanceof JsonNode n && n.isNull();
  }

  /**
   * The value as a tree when it is one of {@code type}, else null after recording an error naming
   * {@code what}.
   */
  private JsonNode tree(String field, Object v, JsonNodeType type, String what) {
    if (v instanceof JsonNode n && n.getNodeType() == type) {
      return n;
    }
    error(field, what + ", not " + (v instanceof String ? "a string" : kind((JsonNode) v)));
    return null;
  }

  /** An optional boolean; {@code fallback} if absent. */
  boolean flag(String field, boolean fallback) {
    Object value = item.get(field);
    if (absent(value)) {
      return fallback;
    }
    JsonNode v = tree(field, value, JsonNodeType.BOOLEAN, "must be true or false");
    return v == null ? fallback : v.booleanValue();
  }

  /** An optional array of strings, duplicates removed in order; empty if absent. */
  List<String> strings(String field) {
    Object value = item.get(field);
    if (absent(value)) {
      return List.of();
    }
    JsonNode v = tree(field, value, JsonNodeType.ARRAY, "must be an array of strings");
    if (v == null) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        error(field + "[" + i + "]", "must be a string, not " + kind(v.get(i)));
      } else {
        out.add(v.get(i).asText());
      }
    }
    return List.copyOf(out);
  }

  /** An optional object of string values; empty if absent. */
  Map<String, String> stringMap(String field, int maxEntries, int maxLength) {
    Object value = item.get(field);
    if (absent(value)) {
      return Map.of();
    }
    JsonNode v = tree(field, value, JsonNodeType.OBJECT, "must be an object of strings");
    if (v == null) {
      return Map.of();
    }
    if (v.size() > maxEntries) {
      error(field, "has " + v.size() + " entries; at most " + maxEntries + " allowed");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.fields()
        .forEachRemaining(
            e -> {
              String path = field + "." + e.getKey();
              if (!e.getValue().isTextual()) {
                error(path, "must be a string, not " + kind(e.getValue()));
              } else if (e.getKey().length() > maxLength
                  || e.getValue().asText().length() > maxLength) {
                error(path, "key and value may have at most " + maxLength + " characters each");
              } else {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
