package dev.tagstream.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.core.ops.BearerToken;
import java.util.Map;

/**
 * Refuses a request without the configured token with 401, by core's one token rule; {@link #OPEN}
 * lets every request through. Pages challenge with Basic so that a browser asks for the token (any
 * user name, the token as password); API calls challenge with Bearer.
 */
final class TokenGuard {
  static final TokenGuard OPEN = new TokenGuard(null, null);

  private final BearerToken token;
  private final String challenge;

  private TokenGuard(BearerToken token, String challenge) {
    this.token = token;
    this.challenge = challenge;
  }

  /** {@code token} null: open. */
  static TokenGuard api(String token) {
    return token == null
        ? OPEN
        : new TokenGuard(new BearerToken(token), BearerToken.BEARER_CHALLENGE);
  }

  /** {@code token} null: open. */
  static TokenGuard pages(String token) {
    return token == null
        ? OPEN
        : new TokenGuard(new BearerToken(token), BearerToken.BASIC_CHALLENGE);
  }

  /** Throws 401 unless the request carries the token (or none is required). */
  void check(HttpExchange ex) {
    String refusal = token == null ? null : token.refusal(ex);
    if (refusal != null) {
      throw new ApiException(401, "unauthorized", refusal, Map.of("WWW-Authenticate", challenge));
    }
  }
}
