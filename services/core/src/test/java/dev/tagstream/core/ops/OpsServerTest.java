package dev.tagstream.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsHealthAndReadiness() throws Exception {
    var registry = Metrics.registry("test");
    registry.counter("tagstream.test.things").increment(3);
    AtomicBoolean ready = new AtomicBoolean(false);
    Health health = new Health().liveness("loop", () -> true).readiness("model", ready::get);
    try (OpsServer s = OpsServer.start("test", "127.0.0.1", 0, registry, health, Map.of())) {
      var m = get(s.port(), "/metrics");
      assertEquals(200, m.statusCode());
      assertTrue(m.body().contains("tagstream_test_things_total{service=\"test\"} 3.0"), m.body());
      assertTrue(m.body().contains("jvm_memory_used_bytes"), "JVM meters bound");
      assertEquals(200, get(s.port(), "/healthz").statusCode());
      var r = get(s.port(), "/readyz");
      assertEquals(503, r.statusCode());
      assertEquals(
          "{\"service\":\"test\",\"status\":\"unavailable\",\"checks\":{\"loop\":true,\"model\":false}}",
          r.body());
      ready.set(true);
      assertEquals(200, get(s.port(), "/readyz").statusCode());
      var post =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
    }
  }

  @Test
  void aThrowingCheckIsUnhealthyNotAnError() throws Exception {
    Health health =
        new Health()
            .liveness(
                "broken",
                () -> {
                  throw new IllegalStateException("boom");
                });
    try (OpsServer s =
        OpsServer.start("t", "127.0.0.1", 0, Metrics.registry("t"), health, Map.of())) {
      assertEquals(503, get(s.port(), "/healthz").statusCode());
    }
  }

  @Test
  void keepAliveRequestsDoNotWaitForDelayedAcks() throws Exception {
    byte[] reply = "x".repeat(20_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, com.sun.net.httpserver.HttpHandler> routes =
        Map.of(
            "/echo",
            ex -> {
              ex.getRequestBody().readAllBytes();
              ex.sendResponseHeaders(200, reply.length);
              try (var out = ex.getResponseBody()) {
                out.write(reply);
              }
            });
    try (OpsServer s =
        OpsServer.start("t", "127.0.0.1", 0, Metrics.registry("t"), new Health(), routes)) {
      URI echo = URI.create("http://127.0.0.1:" + s.port() + "/echo");
      HttpClient one = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest post =
          HttpRequest.newBuilder(echo).POST(HttpRequest.BodyPublishers.ofByteArray(reply)).build();
      for (int i = 0; i < 5; i++) {
        one.send(post, HttpResponse.BodyHandlers.discarding()); // connection and JIT warm-up
      }
      int n = 25;
      long[] ms = new long[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        assertEquals(200, one.send(post, HttpResponse.BodyHandlers.ofByteArray()).statusCode());
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      java.util.Arrays.sort(ms);
      // Nagle plus the client's delayed ACK costs ~40 ms on every request; without them a loopback
      // round trip is
      // ~1 ms. The median ignores the few requests a loaded machine delays for other reasons.
      assertTrue(ms[n / 2] < 20, "median " + ms[n / 2] + " ms per request");
    }
  }
}
