package dev.tagstream.core.ops;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The one rule for a request's token: {@code Authorization: Bearer <token>}, or Basic with the
 * token as password (what a browser sends for a page after its login prompt), compared in constant
 * time.
 */
public final class BearerToken {
  /** The challenge API clients get with a 401. */
  public static final String BEARER_CHALLENGE = "Bearer realm=\"tagstream\"";

  /** The challenge pages get with a 401, so that a browser asks for the token itself. */
  public static final String BASIC_CHALLENGE = "Basic realm=\"tagstream\", charset=\"UTF-8\"";

  private final byte[] expected;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a bearer token cannot be null or blank");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Null when the request carries the token, else why it is refused (never echoing what was sent).
   */
  public String refusal(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given;
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    } else if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
      given = basicPassword(h.substring(6).trim());
    } else {
      return "missing bearer token: send the header Authorization: Bearer <token>";
    }
    return MessageDigest.isEqual(expected, given) ? null : "the bearer token is not valid";
  }

  private static byte[] basicPassword(String encoded) {
    try {
      String userAndPassword =
          new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = userAndPassword.indexOf(':');
      return userAndPassword.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
