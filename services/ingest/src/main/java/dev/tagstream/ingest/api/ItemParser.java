package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns one submitted JSON item into the record to publish, or says everything that is wrong with
 * it.
 */
interface ItemParser<V> {
  Parsed<V> parse(JsonItem item);

  default Parsed<V> parse(JsonNode item) {
    return parse(JsonItem.of(item));
  }

  /**
   * Either a key and value (no errors) or the errors; {@code key} is echoed back when it could be
   * read.
   */
  record Parsed<V>(String key, V value, List<FieldError> errors) {
    public Parsed {
      errors = List.copyOf(errors);
    }

    static <V> Parsed<V> ok(String key, V value) {
      return new Parsed<>(key, value, List.of());
    }

    static <V> Parsed<V> invalid(String key, List<FieldError> errors) {
      return new Parsed<>(key, null, errors);
    }

    /** The answer for an item that is not a JSON object at all. */
    static <V> Parsed<V> notAnObject(JsonItem item) {
      return invalid(
          null,
          List.of(
              new FieldError("", "must be a JSON object, not " + ItemFields.kind(item.node()))));
    }

    boolean valid() {
      return errors.isEmpty();
    }
  }
}
