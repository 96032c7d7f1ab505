package dev.tagstream.core.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tagstream.core.config.HttpConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP endpoints of a long-running service: {@code /metrics} (Prometheus scrape), {@code
 * /healthz} (alive) and {@code /readyz} (ready to take work), plus any routes the service adds (the
 * ingest API). Over HTTPS when a keystore is configured; {@code /metrics} may require the token,
 * the probes never do.
 */
public final class OpsServer implements AutoCloseable {
  /**
   * The JDK server's switch for TCP_NODELAY on accepted connections, read once when its first
   * server starts.
   */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  /**
   * The JDK server's limit, in seconds, on reading one request (head and body); unset it waits for
   * ever.
   */
  static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

  /**
   * Threads that may serve requests at once. The JDK server reads each request's head on these
   * threads, so a client that trickles its request holds one until it finishes or {@link
   * #MAX_REQUEST_SECONDS} cuts it off; with the 8 threads there were, 8 slow clients stopped every
   * other (SlowClientsIT). Idle threads end after a minute.
   */
  static final int MAX_THREADS = 256;

  static {
    // With Nagle's algorithm on (the JDK default), a response written as headers then body leaves
    // its last segment
    // waiting for the client's delayed ACK, up to 40 ms per keep-alive request: the ingest API ran
    // 2.5x slower.
    // An explicit -Dsun.net.httpserver.nodelay=false still wins.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    // A minute covers an honest upload of the largest body at modem speed; a slow-loris client is
    // cut off.
    if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
      System.setProperty(MAX_REQUEST_SECONDS, "60");
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;

  private OpsServer(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Plain HTTP, every endpoint open. */
  public static OpsServer start(
      String service,
      String bind,
      int port,
      PrometheusMeterRegistry registry,
      Health health,
      Map<String, HttpHandler> routes) {
    return start(service, HttpConfig.plain(bind, port), registry, health, routes);
  }

  public static OpsServer start(
      String service,
      HttpConfig http,
      PrometheusMeterRegistry registry,
      Health health,
      Map<String, HttpHandler> routes) {
    HttpServer server = create(service, http);
    BearerToken metricsToken = http.metricsRequireToken() ? new BearerToken(http.token()) : null;
    server.createContext(
        "/metrics",
        ex -> {
          if (!allow(ex, "GET")) {
            return;
          }
          String refusal = metricsToken == null ? null : metricsToken.refusal(ex);
          if (refusal != null) {
            ex.getResponseHeaders().set("WWW-Authenticate", BearerToken.BEARER_CHALLENGE);
            respond(
                ex,
                401,
                "application/json",
                "{\"error\":\"unauthorized\",\"message\":\"" + refusal + "\"}");
            return;
          }
          respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
    server.createContext(
        "/healthz",
        ex -> {
          if (allow(ex, "GET")) {
            Health.Status s = health.liveness();
            respond(ex, s.ok() ? 200 : 503, "application/json", s.json(service));
          }
        });
    server.createContext(
        "/readyz",
        ex -> {
          if (allow(ex, "GET")) {
            Health.Status s = health.readiness();
            respond(ex, s.ok() ? 200 : 503, "application/json", s.json(service));
          }
        });
    routes.forEach(server::createContext);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MAX_THREADS,
            MAX_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, service + "-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(
        true); // threads only while there are clients: idle services keep none
    server.setExecutor(pool);
    server.start();
    return new OpsServer(server, pool);
  }

  private static HttpServer create(String service, HttpConfig http) {
    // The keystore is read before the port is taken, so a bad keystore fails without holding the
    // port.
    HttpsConfigurator tls = http.tls() ? new HttpsConfigurator(TlsContext.of(http)) : null;
    InetSocketAddress address = new InetSocketAddress(http.bind(), http.port());
    try {
      if (tls == null) {
        return HttpServer.create(address, 128);
      }
      HttpsServer https = HttpsServer.create(address, 128);
      https.setHttpsConfigurator(tls);
      return https;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the "
              + service
              + " cannot listen on "
              + http.bind()
              + ":"
              + http.port()
              + " (port in use? set --"
              + service
              + ".http-port)",
          e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static boolean allow(HttpExchange ex, String method) throws IOException {
    if (ex.getRequestMethod().equals(method) || ex.getRequestMethod().equals("HEAD")) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", method);
    respond(ex, 405, "application/json", "{\"error\":\"method not allowed\"}");
    return false;
  }

  /** Writes a complete response and closes the exchange. */
  public static void respond(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    respond(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a complete response of already encoded bytes and closes the exchange. */
  public static void respond(HttpExchange ex, int status, String contentType, byte[] bytes)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(1);
    pool.shutdownNow();
  }
}
