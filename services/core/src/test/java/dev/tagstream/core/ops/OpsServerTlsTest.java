package dev.tagstream.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.HttpConfig;
import dev.tagstream.core.testkit.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsServerTlsTest {
  static final String PASSWORD = "keystore-secret";
  static final String TOKEN = "metrics-token-1";

  @TempDir static Path dir;
  static TestCertificates certs;
  static HttpClient https;

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCertificates.generate(dir, PASSWORD);
    https = certs.httpsClient();
  }

  static OpsServer start(HttpConfig http) {
    var registry = Metrics.registry("t");
    registry.counter("tagstream.tls.things").increment(2);
    return OpsServer.start(
        "t", http, registry, new Health().liveness("loop", () -> true), Map.of());
  }

  static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHttpsWithTheConfiguredCertificateAndRefusesPlainHttp() throws Exception {
    try (OpsServer s =
        start(new HttpConfig("127.0.0.1", 0, certs.keystore(), PASSWORD, null, false))) {
      var health = get("https://127.0.0.1:" + s.port() + "/healthz", null);
      assertEquals(200, health.statusCode());
      assertEquals(200, get("https://127.0.0.1:" + s.port() + "/metrics", null).statusCode());
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/healthz"))
              .timeout(Duration.ofSeconds(10))
              .build();
      assertThrows(IOException.class, () -> plain.send(req, HttpResponse.BodyHandlers.ofString()));
    }
  }

  @Test
  void metricsNeedTheTokenWhenRequiredButProbesStayOpen() throws Exception {
    try (OpsServer s =
        start(new HttpConfig("127.0.0.1", 0, certs.keystore(), PASSWORD, TOKEN, true))) {
      String base = "https://127.0.0.1:" + s.port();
      var anonymous = get(base + "/metrics", null);
      assertEquals(401, anonymous.statusCode());
      assertEquals(
          "Bearer realm=\"tagstream\"",
          anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
      assertFalse(anonymous.body().contains("tagstream_tls_things"), anonymous.body());
      assertEquals(401, get(base + "/metrics", "guess").statusCode());
      var scrape = get(base + "/metrics", TOKEN);
      assertEquals(200, scrape.statusCode());
      assertTrue(
          scrape.body().contains("tagstream_tls_things_total{service=\"t\"} 2.0"), scrape.body());
      assertEquals(200, get(base + "/healthz", null).statusCode());
      assertEquals(200, get(base + "/readyz", null).statusCode());
    }
  }

  @Test
  void aTokenAloneLeavesMetricsOpen() throws Exception {
    try (OpsServer s =
        start(new HttpConfig("127.0.0.1", 0, certs.keystore(), PASSWORD, TOKEN, false))) {
      assertEquals(200, get("https://127.0.0.1:" + s.port() + "/metrics", null).statusCode());
    }
  }

  @Test
  void aWrongKeystorePasswordFailsNamingTheSettingButNotThePassword() {
    var e =
        assertThrows(
            ConfigException.class,
            () ->
                start(
                    new HttpConfig(
                        "127.0.0.1", 0, certs.keystore(), "not-the-password", null, false)));
    assertTrue(
        e.getMessage().contains("http.tls-keystore=" + certs.keystore().toAbsolutePath()),
        e.getMessage());
    assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
  }
}
