package dev.tagstream.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Checks {@code Authorization: Bearer <token>} in constant time; a null token means the API is open. */
final class BearerToken {
  private final byte[] expected;

  BearerToken(String token) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Throws 401 unless the request carries the configured token (or none is configured). */
  void check(HttpExchange ex) {
    if (expected == null) {
      return;
    }
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("missing bearer token: send the header Authorization: Bearer <token>");
    }
    byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw unauthorized("the bearer token is not valid");
    }
  }

  private static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message, Map.of("WWW-Authenticate", "Bearer realm=\"tagstream\""));
  }
}
