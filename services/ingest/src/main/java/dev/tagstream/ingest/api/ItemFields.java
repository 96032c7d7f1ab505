package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads typed fields from one JSON item, collecting every problem instead of stopping at the first. */
final class ItemFields {
  private final JsonNode item;
  private final List<FieldError> errors = new ArrayList<>();

  ItemFields(JsonNode item, Set<String> allowed) {
    this.item = item;
    Iterator<String> names = item.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
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

  /** A string field; null (after recording an error when required) if absent or not a string. */
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

  String text(String field, boolean required) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      error(field, "must be a string, not " + kind(v));
      return null;
    }
    return v.asText();
  }

  /** An optional array of strings, duplicates removed in order; empty if absent. */
  List<String> strings(String field) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      error(field, "must be an array of strings, not " + kind(v));
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
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      error(field, "must be an object of strings, not " + kind(v));
      return Map.of();
    }
    if (v.size() > maxEntries) {
      error(field, "has " + v.size() + " entries; at most " + maxEntries + " allowed");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> {
      String path = field + "." + e.getKey();
      if (!e.getValue().isTextual()) {
        error(path, "must be a string, not " + kind(e.getValue()));
      } else if (e.getKey().length() > maxLength || e.getValue().asText().length() > maxLength) {
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
