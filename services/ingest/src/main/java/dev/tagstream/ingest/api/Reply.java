package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A response: status, extra headers, and either a JSON body or raw content (an image, a page) with
 * its type. Errors are always JSON.
 */
record Reply(
    int status, JsonNode body, Map<String, String> headers, String contentType, byte[] content) {
  Reply {
    headers = Map.copyOf(headers);
  }

  Reply(int status, JsonNode body, Map<String, String> headers) {
    this(status, body, headers, null, null);
  }

  static Reply of(int status, JsonNode body) {
    return new Reply(status, body, Map.of());
  }

  /**
   * Raw content, e.g. an image or a page, with its own headers (cache, content security policy).
   */
  static Reply content(String contentType, byte[] content, Map<String, String> headers) {
    return new Reply(200, null, headers, contentType, content);
  }

  static Reply error(ApiException e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("status", e.status());
    o.put("error", e.code());
    o.put("message", e.getMessage());
    return new Reply(e.status(), o, e.headers());
  }
}
