package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A JSON response: status, body and extra headers. */
record Reply(int status, JsonNode body, Map<String, String> headers) {
  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply of(int status, JsonNode body) {
    return new Reply(status, body, Map.of());
  }

  static Reply error(ApiException e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("status", e.status());
    o.put("error", e.code());
    o.put("message", e.getMessage());
    return new Reply(e.status(), o, e.headers());
  }
}
