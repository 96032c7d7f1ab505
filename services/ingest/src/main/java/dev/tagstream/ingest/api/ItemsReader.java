package dev.tagstream.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a POST body into its items: one object, or an array of 1 to {@code maxBatch} values. The
 * common shapes are read token by token (the tree parse was ~15 % of a request thread); anything
 * else, malformed JSON included, takes the tree parse, so every refusal keeps the tree parse's
 * exact message.
 */
final class ItemsReader {
  private ItemsReader() {}

  static List<JsonItem> read(byte[] body, int maxBatch) {
    List<JsonItem> items = streamed(body);
    return checked(items != null ? items : fromTree(JsonBody.parse(body)), maxBatch);
  }

  /**
   * One line of an NDJSON stream as an item: an object read token by token; any other value (an
   * array too) as a non-object item, which the item parser refuses; malformed JSON refused with the
   * tree parse's words.
   */
  static JsonItem line(byte[] bytes, int offset, int length) {
    try (JsonParser p = JsonBody.JSON.createParser(bytes, offset, length)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        JsonItem item = JsonItem.read(p);
        if (p.nextToken() == null) {
          return item;
        }
      }
    } catch (IOException e) {
      // left to the tree parse, which words the refusal
    }
    return JsonItem.of(JsonBody.parse(Arrays.copyOfRange(bytes, offset, offset + length)));
  }

  /**
   * The items of a well-formed object or array body, or null for any other body (left to the tree
   * parse).
   */
  private static List<JsonItem> streamed(byte[] body) {
    try (JsonParser p = JsonBody.JSON.createParser(body)) {
      JsonToken first = p.nextToken();
      List<JsonItem> items = new ArrayList<>();
      if (first == JsonToken.START_OBJECT) {
        items.add(JsonItem.read(p));
      } else if (first == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(JsonItem.read(p));
        }
      } else {
        return null;
      }
      return p.nextToken() == null
          ? items
          : null; // trailing tokens: the tree parse words that refusal
    } catch (IOException e) {
      return null;
    }
  }

  private static List<JsonItem> fromTree(JsonNode body) {
    if (body.isObject()) {
      return List.of(JsonItem.of(body));
    }
    if (!body.isArray()) {
      throw new ApiException(
          400,
          "bad-body",
          "expected a JSON object or an array of objects, not " + ItemFields.kind(body));
    }
    List<JsonItem> out = new ArrayList<>(body.size());
    body.forEach(n -> out.add(JsonItem.of(n)));
    return out;
  }

  private static List<JsonItem> checked(List<JsonItem> items, int maxBatch) {
    if (items.isEmpty()) {
      throw new ApiException(400, "empty-batch", "the batch is empty");
    }
    if (items.size() > maxBatch) {
      throw new ApiException(
          413,
          "batch-too-large",
          "the batch has "
              + items.size()
              + " items; at most "
              + maxBatch
              + " are allowed per request (ingest.max-batch)");
    }
    return items;
  }
}
