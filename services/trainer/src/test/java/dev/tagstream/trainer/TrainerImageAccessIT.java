package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.ModelArtifact;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer reads images by the worker's rule: http(s) through the address guard (loopback
 * allowed here by configuration), file: under its roots; an image it cannot read is left out and
 * counted, not fatal.
 */
class TrainerImageAccessIT {
  private HttpServer server;
  private TrainerService trainer;

  @AfterEach
  void stop() {
    if (trainer != null) {
      trainer.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void trainsOnHttpImagesAndLeavesAMissingFileAndARefusedAddressOut() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("http");
    Path images = work.resolve("images");
    List<ShapeScenes.Scene> scenes = ShapeScenes.generate(images, 90, 8);
    Set<String> served = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/images/",
        ex -> {
          requests.incrementAndGet();
          String name = ex.getRequestURI().getPath().substring("/images/".length());
          byte[] png = Files.readAllBytes(images.resolve(name));
          served.add(name);
          ex.sendResponseHeaders(200, png.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(png);
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    int port = server.getAddress().getPort();

    // every other image over http, the rest as file: URIs under trainer.file-roots
    List<LabelState> states = new ArrayList<>();
    Set<String> overHttp = new HashSet<>();
    for (int i = 0; i < scenes.size(); i++) {
      ShapeScenes.Scene s = scenes.get(i);
      LabelState state = ShapeScenes.state(s, i, 2);
      if (i % 2 == 0) {
        String name = s.file().getFileName().toString();
        state =
            LabelState.newBuilder(state)
                .setUri("http://127.0.0.1:" + port + "/images/" + name)
                .build();
        overHttp.add(name);
      }
      states.add(state);
    }
    // A file that is gone, held out for validation (so the held-out set must drop it for the cached
    // evaluation),
    // and a loopback address outside trainer.fetch.allow-addresses, in training: refused before any
    // connection.
    states.add(
        LabelState.newBuilder(ShapeScenes.state(scenes.get(0), scenes.get(0).labels(), 2))
            .setId(idWhere("gone", b -> b < 25))
            .setUri(images.resolve("gone.png").toUri().toString())
            .build());
    states.add(
        LabelState.newBuilder(ShapeScenes.state(scenes.get(1), scenes.get(1).labels(), 2))
            .setId(idWhere("refused", b -> b >= 25))
            .setUri("http://127.0.0.2:" + port + "/images/" + scenes.get(1).file().getFileName())
            .build());
    TrainerFixture.sendStates(kafka, states);

    trainer =
        TrainerFixture.service(
            kafka,
            work,
            "--trainer.min-new-confirmations",
            "184",
            "--trainer.fetch.allow-addresses",
            "127.0.0.1/32");
    trainer.start();

    ModelRelease r = TrainerFixture.releases(kafka, Duration.ofSeconds(180), 1).get(0);
    assertEquals(ReleaseStatus.PROMOTED, r.getStatus());
    assertTrue(r.getMetrics().get("mAP") > 0.5, "mAP " + r.getMetrics());
    assertEquals(2.0, r.getMetrics().get("skipped.unreadable"));
    assertEquals(
        90.0, r.getMetrics().get("train.images") + r.getMetrics().get("validation.images"));
    assertEquals(
        2,
        ModelArtifact.load(ReleasePublisher.artifactDir(r)).info().training().unreadableImages());
    // every http image was fetched, once: the held-out evaluation came from the embedding cache
    assertEquals(overHttp, served);
    assertEquals(overHttp.size(), requests.get());
    assertEquals(1.0, trainer.metrics().cachedEvaluations.count());
    assertEquals(2.0, trainer.metrics().unreadableImages.count());
    assertEquals(0.0, trainer.metrics().failed.count());
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + trainer.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(
        metrics.contains("tagstream_trainer_images_unreadable_total{service=\"trainer\"} 2.0"),
        metrics);
  }

  /**
   * The first id prefix-N whose validation bucket passes: puts an image on the chosen side of the
   * split.
   */
  private static String idWhere(String prefix, IntPredicate bucket) {
    for (int n = 0; ; n++) {
      if (bucket.test(ValidationSplit.bucket(prefix + "-" + n))) {
        return prefix + "-" + n;
      }
    }
  }
}
