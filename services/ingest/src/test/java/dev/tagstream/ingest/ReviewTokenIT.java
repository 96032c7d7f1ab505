package dev.tagstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest over HTTPS with every optional token switch on: review pages, their API and /metrics need
 * a token.
 */
class ReviewTokenIT {
  static final String TOKEN = "review-pages-token";
  static final String METRICS_TOKEN = "scrape-token";
  static final String PASSWORD = "ingest-keystore-pw";
  static Service service;
  static HttpClient https;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    TestCertificates certs = TestCertificates.generate(dir, PASSWORD);
    Files.writeString(dir.resolve("keystore-password"), PASSWORD);
    IngestServiceFactory f = new IngestServiceFactory();
    service =
        f.create(
            TestBroker.freshConfig(1),
            Settings.parse(
                f.settings(),
                List.of(
                    "--ingest.http-port",
                    "0",
                    "--http-bind",
                    "127.0.0.1",
                    "--ingest.token",
                    TOKEN,
                    "--ingest.review-require-token",
                    "--http.tls-keystore",
                    certs.keystore().toString(),
                    "--http.token",
                    METRICS_TOKEN,
                    "--http.metrics-require-token",
                    "--ingest.view-state-dir",
                    dir.resolve("state").toString()),
                Map.of(
                    "TAGSTREAM_HTTP_TLS_KEYSTORE_PASSWORD",
                    "file:" + dir.resolve("keystore-password"))));
    service.start();
    https = certs.httpsClient();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  static HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + service.httpPort() + path))
            .timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theReviewPagesNeedTheTokenAndABrowserIsAskedForIt() throws Exception {
    for (String page : List.of("/review/", "/review/queue.js", "/review/models")) {
      var anonymous = get(page, null);
      assertEquals(401, anonymous.statusCode(), page);
      assertEquals(
          "Basic realm=\"tagstream\", charset=\"UTF-8\"",
          anonymous.headers().firstValue("WWW-Authenticate").orElse(null),
          page);
      assertFalse(anonymous.body().contains("<html"), page);
      assertEquals(401, get(page, "Bearer guess").statusCode(), page);
    }
    var bearer = get("/review/", "Bearer " + TOKEN);
    assertEquals(200, bearer.statusCode());
    assertTrue(bearer.body().contains("<title>Review · tagstream</title>"));
    String basic =
        Base64.getEncoder().encodeToString(("reviewer:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    assertEquals(200, get("/review/", "Basic " + basic).statusCode());
    assertEquals(
        401,
        get(
                "/review/",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("reviewer:" + METRICS_TOKEN).getBytes(StandardCharsets.UTF_8)))
            .statusCode());
  }

  @Test
  void theReviewApiAndMetricsNeedTheirTokensButTheProbesStayOpen() throws Exception {
    assertEquals(401, get("/v1/review/models", null).statusCode());
    assertEquals(200, get("/v1/review/models", "Bearer " + TOKEN).statusCode());
    var metrics = get("/metrics", null);
    assertEquals(401, metrics.statusCode());
    assertEquals(401, get("/metrics", "Bearer " + TOKEN).statusCode());
    var scrape = get("/metrics", "Bearer " + METRICS_TOKEN);
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.body().contains("service=\"ingest\""), scrape.body());
    assertEquals(200, get("/healthz", null).statusCode());
  }
}
