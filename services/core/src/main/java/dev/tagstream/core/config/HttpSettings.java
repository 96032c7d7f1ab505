package dev.tagstream.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The HTTP endpoint settings of a long-running service: the same keys in every service, except the
 * port, whose default differs per service.
 */
public final class HttpSettings {
  private HttpSettings() {}

  public static Setting port(String service, int defaultPort) {
    return Setting.of(
        service + ".http-port",
        Integer.toString(defaultPort),
        "Port of the "
            + service
            + "'s HTTP endpoints (/metrics, /healthz, /readyz"
            + ("ingest".equals(service) ? ", the API" : "")
            + "); 0 picks a free one.");
  }

  public static final Setting BIND =
      Setting.of("http-bind", "0.0.0.0", "Address the HTTP endpoints listen on.");
  public static final Setting TLS_KEYSTORE =
      Setting.of(
          "http.tls-keystore",
          null,
          "PKCS12 or JKS keystore holding the certificate and key the HTTP endpoints serve over HTTPS. Unset: plain HTTP.");
  public static final Setting TLS_KEYSTORE_PASSWORD =
      Setting.of(
          "http.tls-keystore-password",
          null,
          "Password of http.tls-keystore (and of its key); file:PATH reads it from that file. Never logged.");
  public static final Setting TOKEN =
      Setting.of(
          "http.token",
          null,
          "Bearer token that http.metrics-require-token asks for on /metrics; file:PATH reads it from that file.");
  public static final Setting METRICS_REQUIRE_TOKEN =
      Setting.of(
          "http.metrics-require-token",
          "false",
          "true: /metrics answers 401 without Authorization: Bearer <http.token>. /healthz and /readyz stay open.");

  /** Every HTTP setting but the port, in the order help shows them. */
  public static List<Setting> all() {
    return List.of(BIND, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, TOKEN, METRICS_REQUIRE_TOKEN);
  }

  /** Reads the HTTP settings; fails naming the key when they contradict each other. */
  public static HttpConfig read(Settings s, Setting port) {
    String keystore = s.stringOrNull(TLS_KEYSTORE);
    String password = s.secretOrNull(TLS_KEYSTORE_PASSWORD);
    if (keystore != null && password == null) {
      throw new ConfigException(
          TLS_KEYSTORE.key()
              + " is set but "
              + TLS_KEYSTORE_PASSWORD.key()
              + " is not: set it (or "
              + TLS_KEYSTORE_PASSWORD.env()
              + ")");
    }
    if (keystore == null && password != null) {
      throw new ConfigException(
          TLS_KEYSTORE_PASSWORD.key() + " is set but " + TLS_KEYSTORE.key() + " is not");
    }
    String token = s.secretOrNull(TOKEN);
    if (token != null && token.isBlank()) {
      throw new ConfigException(TOKEN.key() + " is blank; unset it or give a real token");
    }
    boolean metrics = s.bool(METRICS_REQUIRE_TOKEN);
    if (metrics && token == null) {
      throw new ConfigException(
          METRICS_REQUIRE_TOKEN.key() + "=true needs " + TOKEN.key() + " (or " + TOKEN.env() + ")");
    }
    return new HttpConfig(
        s.string(BIND),
        s.integer(port, 0, 65_535),
        keystore == null ? null : Path.of(keystore),
        password,
        token,
        metrics);
  }
}
