package dev.tagstream.core.config;

import java.nio.file.Path;

/**
 * A service's validated HTTP settings. {@code keystore} null: plain HTTP. {@code token} null:
 * nothing requires a token. The keystore password and the token never appear in {@link
 * #toString()}.
 */
public record HttpConfig(
    String bind,
    int port,
    Path keystore,
    String keystorePassword,
    String token,
    boolean metricsRequireToken) {

  public HttpConfig {
    if ((keystore == null) != (keystorePassword == null)) {
      throw new IllegalArgumentException(
          "a TLS keystore needs its password, and a password needs a keystore");
    }
    if (metricsRequireToken && token == null) {
      throw new IllegalArgumentException("/metrics cannot require a token when none is configured");
    }
  }

  /** Plain HTTP with every endpoint open: the defaults. */
  public static HttpConfig plain(String bind, int port) {
    return new HttpConfig(bind, port, null, null, null, false);
  }

  public boolean tls() {
    return keystore != null;
  }

  @Override
  public String toString() {
    return "HttpConfig[bind="
        + bind
        + ", port="
        + port
        + ", keystore="
        + keystore
        + ", keystorePassword="
        + (keystorePassword == null ? null : ClientProperties.MASK)
        + ", token="
        + (token == null ? null : ClientProperties.MASK)
        + ", metricsRequireToken="
        + metricsRequireToken
        + "]";
  }
}
