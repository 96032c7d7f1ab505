package dev.tagstream.core.images;

import dev.tagstream.core.images.ImageFetchException.Stage;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One JDK HTTP client per https host name, so that a request sent to the address literal the URL
 * guard approved still presents and verifies the host name. When the request URI's host is a
 * literal the client sends the SNI names of its own SSLParameters, and the JDK's trust manager
 * checks the certificate against that SNI name first (falling back to the address); both need the
 * name, which is per client, hence per host. Each client gets its own SSLContext too: TLS sessions
 * are cached by address and port, and a session proved for one name must not be resumed for another
 * name served from the same address. Least recently used clients beyond a bound are dropped (their
 * threads end once they are unreachable). Thread-safe.
 */
final class HttpsClients {
  /** A fresh, initialised SSLContext for each host; tests trust their own certificate this way. */
  @FunctionalInterface
  interface Contexts {
    SSLContext create() throws GeneralSecurityException;
  }

  static final int MAX_HOSTS = 64;

  private final Contexts contexts;
  private final Duration connectTimeout;
  private final Map<String, HttpClient> byHost =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
          return size() > MAX_HOSTS;
        }
      };

  HttpsClients(Contexts contexts, Duration connectTimeout) {
    this.contexts = contexts;
    this.connectTimeout = connectTimeout;
  }

  /** The platform's default trust (cacerts), in a context of its own. */
  static SSLContext defaultContext() throws GeneralSecurityException {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, null, null);
    return c;
  }

  synchronized HttpClient forHost(String host) {
    HttpClient c = byHost.get(host);
    if (c == null) {
      c = create(host);
      byHost.put(host, c);
    }
    return c;
  }

  private HttpClient create(String host) {
    SSLContext context;
    try {
      context = contexts.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e, e);
    }
    SNIHostName name;
    try {
      name = new SNIHostName(host);
    } catch (IllegalArgumentException e) {
      throw ImageFetchException.poison(
          Stage.VALIDATE, "malformed-uri", "'" + host + "' is not a valid TLS host name");
    }
    SSLParameters params = context.getDefaultSSLParameters();
    params.setServerNames(List.of(name));
    // the client sets HTTPS endpoint identification itself; stating it here keeps it on should that
    // change
    params.setEndpointIdentificationAlgorithm("HTTPS");
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER) // each hop must pass the guard
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(context)
        .sslParameters(params)
        .build();
  }
}
