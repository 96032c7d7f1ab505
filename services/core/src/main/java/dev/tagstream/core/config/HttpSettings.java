package dev.tagstream.core.config;

/** The operations endpoint settings of a long-running service; each service has its own default port. */
public final class HttpSettings {
  private HttpSettings() {}

  public static Setting port(String service, int defaultPort) {
    return Setting.of(service + ".http-port", Integer.toString(defaultPort),
        "Port of the " + service + "'s HTTP endpoints (/metrics, /healthz, /readyz" +
            ("ingest".equals(service) ? ", the API" : "") + "); 0 picks a free one.");
  }

  public static final Setting BIND = Setting.of("http-bind", "0.0.0.0",
      "Address the HTTP endpoints listen on.");
}
