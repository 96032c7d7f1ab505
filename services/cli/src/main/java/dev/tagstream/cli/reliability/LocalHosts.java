package dev.tagstream.cli.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tagstream.core.images.SampleImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP servers for the fetch probes. A canary on 127.0.0.1 (and ::1 where the machine has
 * IPv6) serves a valid PNG and counts every request: a forgery target that is refused must see
 * zero. An "allowed" host on 127.0.0.3 (the only range the workers are told to allow) answers 404,
 * answers too slowly, and redirects to the canary and to the cloud metadata address, so redirects
 * are checked against the guard too.
 */
final class LocalHosts implements AutoCloseable {
  static final String ALLOWED_HOST = "127.0.0.3";
  private final HttpServer canary;
  private final HttpServer canary6;
  private final HttpServer allowed;
  final AtomicInteger canaryHits = new AtomicInteger();

  LocalHosts() throws IOException {
    byte[] png = SampleImages.png(48, 48, 7);
    canary = server(InetAddress.getByName("127.0.0.1"), png);
    HttpServer six;
    try {
      six = server(InetAddress.getByName("::1"), png);
    } catch (IOException e) {
      six = null; // no IPv6 loopback here: the ::1 probe is refused by the guard before any
      // connection anyway
    }
    canary6 = six;
    allowed = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ALLOWED_HOST), 0), 64);
    // Enough threads that slow answers (held 2.5 s per attempt, retried, re-fetched after a worker
    // kill) never make
    // the other probes wait past the workers' 1 s timeout.
    allowed.setExecutor(Executors.newFixedThreadPool(32));
    allowed.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          switch (path) {
            case "/ok.png" -> reply(ex, 200, png);
            case "/slow.png" -> {
              sleep(2_500); // longer than the workers' 1 s fetch timeout
              reply(ex, 200, png);
            }
            case "/to-loopback" -> redirect(ex, canaryUri());
            case "/to-metadata" -> redirect(ex, "http://169.254.169.254/latest/meta-data/");
            default -> reply(ex, 404, new byte[0]);
          }
        });
    allowed.start();
  }

  private HttpServer server(InetAddress address, byte[] png) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 16);
    s.createContext(
        "/",
        ex -> {
          canaryHits.incrementAndGet();
          reply(ex, 200, png);
        });
    s.start();
    return s;
  }

  String canaryUri() {
    return "http://127.0.0.1:" + canary.getAddress().getPort() + "/ok.png";
  }

  String canary6Uri() {
    return "http://[::1]:" + (canary6 == null ? 80 : canary6.getAddress().getPort()) + "/ok.png";
  }

  String allowedUri(String path) {
    return "http://" + ALLOWED_HOST + ":" + allowed.getAddress().getPort() + path;
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    reply(ex, 302, new byte[0]);
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    canary.stop(0);
    if (canary6 != null) {
      canary6.stop(0);
    }
    allowed.stop(0);
    ((java.util.concurrent.ExecutorService) allowed.getExecutor()).shutdownNow();
  }
}
