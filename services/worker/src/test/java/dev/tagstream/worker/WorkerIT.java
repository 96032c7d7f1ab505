package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.SampleImages;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker against the real embedded broker, with real files, a loopback HTTP server and real
 * models.
 */
class WorkerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path images;
  @TempDir static Path models;
  @TempDir static Path outside;
  private static Path v1;
  private static HttpServer server;
  private static int port;
  private static final CountDownLatch stopServer = new CountDownLatch(1);
  private static final byte[] PNG = SampleImages.png(40, 40, 9);

  @BeforeAll
  static void setUp() throws IOException {
    v1 = TestModels.write(models, "v0001");
    for (int i = 0; i < 40; i++) {
      Files.write(images.resolve("img-" + i + ".png"), SampleImages.png(40 + i % 7, 36, i));
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(
        "/missing.png",
        ex -> {
          ex.sendResponseHeaders(404, -1);
          ex.close();
        });
    server.createContext(
        "/slow.png",
        ex -> {
          try {
            stopServer.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.createContext(
        "/delayed/",
        ex -> {
          try {
            Thread.sleep(20); // a slow image server: keeps work in flight for the crash test
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(200, PNG.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(PNG);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterAll
  static void tearDown() {
    stopServer.countDown();
    server.stop(0);
  }

  private static String image(int i) {
    return images.resolve("img-" + (i % 40) + ".png").toUri().toString();
  }

  private static List<ImageReference> goodReferences(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> WorkerHarness.reference(prefix + i, image(i)))
        .toList();
  }

  private static List<String> ids(List<ImageReference> refs) {
    return refs.stream().map(r -> r.getId().toString()).toList();
  }

  @Test
  void everyImageComesOutExactlyOnceInExactlyOnceMode() {
    KafkaConfig c = TestBroker.freshConfig(3);
    List<ImageReference> refs = new ArrayList<>(goodReferences("eos-", 80));
    refs.add(WorkerHarness.reference("eos-missing", images.resolve("nope.png").toUri().toString()));
    WorkerHarness.submit(c, refs);
    WorkerService w =
        WorkerHarness.start(
            c,
            "--worker.model",
            v1.toString(),
            "--worker.file-roots",
            images.toString(),
            "--worker.delivery",
            "exactly-once",
            "--worker.id",
            "eos-1",
            "--worker.batch-size",
            "8");
    try (WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, true)) {
      out.awaitIds(WAIT, ids(refs));
      w.close();
      out.readToEnd();
      for (String id : ids(refs)) {
        assertEquals(1, out.count(id), id);
      }
      assertEquals(80, out.predictions.size());
      assertEquals("not-found", out.failure("eos-missing").getReason());
    } finally {
      w.close();
    }
  }

  @Test
  void everyImageComesOutAtLeastOnceByDefault() {
    KafkaConfig c = TestBroker.freshConfig(3);
    List<ImageReference> refs = goodReferences("alo-", 80);
    WorkerHarness.submit(c, refs);
    try (WorkerService w =
            WorkerHarness.start(
                c, "--worker.model", v1.toString(), "--worker.file-roots", images.toString());
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      out.awaitIds(WAIT, ids(refs));
      assertTrue(w.ready());
      out.predictions.values().forEach(ps -> assertEquals("v0001", ps.get(0).getModelVersion()));
      assertEquals(Set.of(), out.failures.keySet());
    }
  }

  @Test
  void deadLettersEveryBadInputWithItsReasonAndKeepsScoring() throws IOException {
    KafkaConfig c = TestBroker.freshConfig(2);
    String http = "http://127.0.0.1:" + port;
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("missing-file", images.resolve("missing.png").toUri().toString());
    bad.put("outside-roots", Files.write(outside.resolve("x.png"), PNG).toUri().toString());
    bad.put("http-404", http + "/missing.png");
    bad.put("timeout", http + "/slow.png");
    bad.put(
        "non-image",
        Files.write(images.resolve("page.png"), "<html/>".getBytes(StandardCharsets.UTF_8))
            .toUri()
            .toString());
    bad.put(
        "truncated-png",
        Files.write(images.resolve("cut.png"), SampleImages.truncated(PNG, PNG.length / 2))
            .toUri()
            .toString());
    bad.put("zero-bytes", Files.write(images.resolve("zero.png"), new byte[0]).toUri().toString());
    bad.put(
        "huge-dimensions",
        Files.write(images.resolve("bomb.png"), SampleImages.pngHeaderOnly(50_000, 50_000))
            .toUri()
            .toString());
    bad.put("loopback", "http://127.0.0.2:" + port + "/x.png"); // refused before any connection
    bad.put("private", "http://10.0.0.1/x.png"); // refused before any connection
    bad.put("ftp", "ftp://example.org/x.png");
    List<ImageReference> refs = new ArrayList<>();
    refs.add(WorkerHarness.reference("good-first", image(1)));
    bad.forEach((id, uri) -> refs.add(WorkerHarness.reference(id, uri)));
    WorkerHarness.submit(c, refs);
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    Records.sendRaw(c, Topics.IMAGES.name(c.topicPrefix()), "malformed", garbage);
    WorkerHarness.submit(c, List.of(WorkerHarness.reference("good-last", image(2))));

    try (WorkerService w =
            WorkerHarness.start(
                c,
                "--worker.model",
                v1.toString(),
                "--worker.file-roots",
                images.toString(),
                "--worker.fetch.allow-addresses",
                "127.0.0.1/32",
                "--worker.fetch.timeout",
                "300ms",
                "--worker.fetch.retries",
                "1",
                "--worker.fetch.backoff",
                "10ms",
                "--worker.decode.max-pixels",
                "1000000");
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      List<String> all = new ArrayList<>(bad.keySet());
      all.addAll(List.of("good-first", "good-last", "malformed"));
      out.awaitIds(WAIT, all);
      Map<String, String> expected =
          Map.ofEntries(
              Map.entry("missing-file", "fetch/not-found"),
              Map.entry("outside-roots", "fetch/outside-roots"),
              Map.entry("http-404", "fetch/not-found"),
              Map.entry("timeout", "fetch/timeout"),
              Map.entry("non-image", "decode/not-an-image"),
              Map.entry("truncated-png", "decode/truncated"),
              Map.entry("zero-bytes", "decode/empty"),
              Map.entry("huge-dimensions", "decode/too-many-pixels"),
              Map.entry("loopback", "fetch/forbidden-address"),
              Map.entry("private", "fetch/forbidden-address"),
              Map.entry("ftp", "validate/unsupported-scheme"),
              Map.entry("malformed", "deserialize/malformed-value-bad-header"));
      expected.forEach(
          (id, stageReason) -> {
            Failure f = out.failure(id);
            assertEquals(
                stageReason, f.getStage() + "/" + f.getReason(), id + ": " + f.getMessage());
            assertEquals(Topics.IMAGES.name(c.topicPrefix()), f.getSourceTopic());
          });
      assertEquals(2, out.failure("timeout").getAttempts());
      assertEquals("v0001", out.failure("missing-file").getModelVersion());
      Failure malformed = out.failure("malformed");
      ByteBuffer original = malformed.getOriginalValue();
      byte[] bytes = new byte[original.remaining()];
      original.get(bytes);
      assertArrayEquals(garbage, bytes);
      assertTrue(malformed.getSourceOffset() >= 0);
      assertEquals(Set.of("good-first", "good-last"), out.predictions.keySet());
      assertEquals(
          1.0,
          w.metrics()
                  .registry()
                  .get("tagstream.worker.failures")
                  .tag("reason", "forbidden-address")
                  .counter()
                  .count()
              / 2);
    }
  }

  @Test
  void replacementOfAnAbruptlyStoppedWorkerLosesNothing() {
    KafkaConfig c = TestBroker.freshConfig(3);
    List<ImageReference> refs =
        IntStream.range(0, 300)
            .mapToObj(
                i ->
                    WorkerHarness.reference(
                        "crash-" + i, "http://127.0.0.1:" + port + "/delayed/" + i + ".png"))
            .toList();
    WorkerHarness.submit(c, refs);
    String[] args = {
      "--worker.model",
      v1.toString(),
      "--worker.fetch.allow-addresses",
      "127.0.0.1/32",
      "--worker.fetch-threads",
      "2",
      "--worker.max-in-flight",
      "32",
      "--worker.batch-size",
      "4"
    };
    try (WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      WorkerService first = WorkerHarness.start(c, args);
      out.awaitUntil(WAIT, o -> o.predictions.size() >= 30);
      first.crash();
      out.readToEnd();
      int beforeCrash = out.predictions.size();
      assertTrue(beforeCrash < 300, "the crash must come mid-stream, had " + beforeCrash);
      try (WorkerService second = WorkerHarness.start(c, args)) {
        out.awaitIds(WAIT, ids(refs));
      }
      assertEquals(Set.of(), out.failures.keySet());
    }
  }

  @Test
  void switchesModelsMidStreamWithoutFailuresAndRefusesACorruptRelease() throws IOException {
    KafkaConfig c = TestBroker.freshConfig(2);
    Path v2 = TestModels.write(models, "v0002");
    Path v3 = TestModels.write(models, "v0003");
    Files.write(
        v3.resolve(TaggerNetwork.HEAD_PARAMS), new byte[] {0, 1, 2}); // corrupt after publishing
    List<String> sent = new ArrayList<>();
    try (WorkerService w =
            WorkerHarness.start(
                c,
                "--worker.model",
                v1.toString(),
                "--worker.file-roots",
                images.toString(),
                "--worker.batch-size",
                "4");
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      Streamer stream = new Streamer(c, sent);
      stream.start();
      out.awaitUntil(WAIT, o -> o.predictions.size() >= 20);
      WorkerHarness.release(c, v2);
      Await.until(WAIT, () -> "v0002".equals(w.servingVersion()), () -> "v0002 serving");
      out.awaitUntil(
          WAIT,
          o ->
              o.predictions.values().stream()
                  .anyMatch(ps -> ps.get(0).getModelVersion().equals("v0002")));
      WorkerHarness.release(
          c, "v0003", v3, dev.tagstream.model.artifact.ModelArtifact.load(v2).vocabulary().hash());
      Await.until(
          WAIT,
          () -> w.metrics().registry().find("tagstream.worker.model.rejections").counter() != null,
          () -> "v0003 refused");
      int afterRefusal = sent.size();
      Await.until(WAIT, () -> sent.size() >= afterRefusal + 20, () -> "20 more images sent");
      stream.stop();
      out.awaitIds(WAIT, List.copyOf(sent));
      assertEquals(Set.of(), out.failures.keySet());
      Set<String> versions = new HashSet<>();
      out.predictions
          .values()
          .forEach(ps -> ps.forEach(p -> versions.add(p.getModelVersion().toString())));
      assertEquals(Set.of("v0001", "v0002"), versions);
      for (String id : sent.subList(afterRefusal, sent.size())) {
        Prediction p = out.predictions.get(id).get(0);
        assertEquals("v0002", p.getModelVersion(), id);
      }
      assertEquals("v0002", w.servingVersion());
    }
  }

  @Test
  void waitsForAReleaseBeforeConsumingImages() {
    KafkaConfig c = TestBroker.freshConfig(2);
    List<ImageReference> refs = goodReferences("late-", 10);
    WorkerHarness.submit(c, refs);
    try (WorkerService w = WorkerHarness.start(c, "--worker.file-roots", images.toString());
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      assertFalse(w.ready());
      out.readToEnd();
      assertEquals(0, out.predictions.size());
      WorkerHarness.release(c, v1);
      out.awaitIds(WAIT, ids(refs));
      Await.until(WAIT, w::ready, () -> "ready");
      out.predictions.values().forEach(ps -> assertEquals("v0001", ps.get(0).getModelVersion()));
    }
  }

  @Test
  void livenessFailsNamingTheModelWatcherOnceItDies() throws Exception {
    KafkaConfig c = TestBroker.freshConfig(1);
    // Without its topic the watcher has nothing to follow: its consumer ends up assigned no
    // partition and its first
    // poll throws. (Topics are created at start, so a restart is the cure: that is what liveness is
    // for.)
    try (Admin admin = Admin.create(KafkaClients.adminProps(c))) {
      admin
          .deleteTopics(List.of(Topics.MODELS.name(c.topicPrefix())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    try (WorkerService w =
        WorkerHarness.start(
            c, "--worker.model", v1.toString(), "--worker.file-roots", images.toString())) {
      Await.until(
          WAIT,
          () -> healthz(w).statusCode() == 503,
          () -> "/healthz to fail: " + healthz(w).body());
      String body = healthz(w).body();
      assertTrue(body.contains("\"model-watcher\":false"), body);
      assertTrue(body.contains("\"consumer-loop\":true"), body); // only the watcher died
      // the worker still scores with the model it has; it just would never take a new one
      List<ImageReference> refs = goodReferences("orphan-", 3);
      WorkerHarness.submit(c, refs);
      try (WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
        out.awaitIds(WAIT, ids(refs));
        assertEquals(3, out.predictions.size());
      }
    }
  }

  @Test
  void livenessNamesTheModelWatcherWhileItRuns() throws Exception {
    KafkaConfig c = TestBroker.freshConfig(1);
    try (WorkerService w = WorkerHarness.start(c, "--worker.model", v1.toString())) {
      HttpResponse<String> r = healthz(w);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"model-watcher\":true"), r.body());
    }
  }

  private static HttpResponse<String> healthz(WorkerService w) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.httpPort() + "/healthz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Submits one image every 20 ms until stopped. */
  private static final class Streamer {
    private final KafkaConfig c;
    private final List<String> sent;
    private final Thread thread;
    private volatile boolean running = true;

    Streamer(KafkaConfig c, List<String> sent) {
      this.c = c;
      this.sent = java.util.Collections.synchronizedList(sent);
      this.thread = new Thread(this::run, "test-streamer");
    }

    void start() {
      thread.start();
    }

    private void run() {
      String topic = Topics.IMAGES.name(c.topicPrefix());
      var serde = Topics.IMAGES.valueSerde();
      try (var p =
          new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
              dev.tagstream.core.kafka.KafkaClients.producerProps(c, "test-streamer"))) {
        for (int i = 0; running; i++) {
          ImageReference r = WorkerHarness.reference("swap-" + i, image(i));
          p.send(
                  new org.apache.kafka.clients.producer.ProducerRecord<>(
                      topic, "swap-" + i, serde.encode(topic, r)))
              .get();
          sent.add("swap-" + i);
          Thread.sleep(20);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    void stop() {
      running = false;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
