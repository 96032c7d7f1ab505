package dev.tagstream.cli.growth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.cli.InJvmServices;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.HostHeader;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.feedback.LabelStates;
import dev.tagstream.model.artifact.ModelArtifact;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's growing vocabulary end to end, every service in this JVM on the real broker: a first
 * model on labels.json, then a label added over HTTP ("warm": the red shapes) and confirmed on
 * images, the retrain that grows the head, and the worker, hot-swapped to it, predicting the new
 * label for red images.
 */
class VocabularyGrowthIT {
  static {
    HostHeader
        .allow(); // before this class's HTTP client loads the JDK's (worker and trainer fetch)
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TRAINING = Duration.ofSeconds(300);
  private final HttpClient http = HttpClient.newHttpClient();
  private final InJvmServices services = new InJvmServices();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void anAddedLabelIsConfirmedTrainedIntoTheNextModelAndPredictedByTheWorker() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(2);
    Path labels = ShapeScenes.writeVocabulary(dir);
    List<ShapeScenes.Scene> scenes = ShapeScenes.generate(dir.resolve("images"), 90, 5);
    Service feedback = start(kafka, "feedback", "--feedback.vocabulary", labels.toString());
    Service ingest =
        start(
            kafka,
            "ingest",
            "--ingest.vocabulary",
            labels.toString(),
            "--ingest.view-state-dir",
            dir.resolve("view").toString());
    Service worker = start(kafka, "worker", "--worker.file-roots", dir.toString());
    String api = "http://127.0.0.1:" + ingest.httpPort();
    awaitReady(ingest, feedback);

    // the first model, on labels.json: images with their known labels, one confirmation each
    post(api + "/v1/images", items(scenes, s -> image(s.id(), s, s.labels())), 202);
    post(api + "/v1/labels", items(scenes, s -> confirmation(s.id(), s.shape(), "positive")), 202);
    Service first = trainer(kafka, labels, "1");
    ModelRelease v1 = release(kafka, 1);
    services.stop(first);
    assertEquals(ReleaseStatus.PROMOTED, v1.getStatus(), v1.getReason());
    assertEquals(ShapeScenes.vocabulary().hash(), v1.getLabelSetHash());

    // a reviewer adds "warm" and confirms it on every image: present on red ones, absent elsewhere
    post(api + "/v1/vocabulary", "{\"name\":\"warm\",\"source\":\"reviewer-1\"}", 202);
    post(
        api + "/v1/labels",
        items(scenes, s -> confirmation(s.id(), "warm", red(s) ? "positive" : "negative")),
        202);
    // the retrain starts once feedback folded every one: a loaded machine folds them slowly, and a
    // retrain on the first few gave 'warm' too few positives to learn (14 of 30 red images)
    awaitDecided(kafka, "warm", scenes.size());
    trainer(kafka, labels, "20");
    ModelRelease v2 = release(kafka, 2);
    assertEquals(ReleaseStatus.PROMOTED, v2.getStatus(), v2.getReason() + " " + v2.getMetrics());
    ModelArtifact grown = ModelArtifact.load(Path.of(URI.create(v2.getArtifactUri())));
    List<String> grownLabels = new ArrayList<>(ShapeScenes.vocabulary().names());
    grownLabels.add("warm");
    assertEquals(grownLabels, grown.vocabulary().names());
    assertEquals(grown.vocabulary().hash(), v2.getLabelSetHash());
    assertNotEquals(v1.getLabelSetHash(), v2.getLabelSetHash());
    assertEquals(v1.getVersion(), grown.info().parent(), "warm-started from the first model");

    // the worker swaps to v2 like for any release; images sent again get the new label
    Map<String, ShapeScenes.Scene> byId = new HashMap<>();
    Map<String, Prediction> byV2 = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (int round = 0; byV2.size() < scenes.size() && System.nanoTime() < deadline; round++) {
      String tag = "again" + round + "-";
      scenes.forEach(s -> byId.put(tag + s.id(), s));
      post(api + "/v1/images", items(scenes, s -> image(tag + s.id(), s, List.of())), 202);
      List<ConsumerRecord<String, Prediction>> out =
          Records.readUntil(
              kafka,
              Topics.PREDICTIONS,
              Duration.ofSeconds(20),
              true,
              l -> l.stream().filter(r -> r.key().startsWith(tag)).count() >= scenes.size());
      for (ConsumerRecord<String, Prediction> r : out) {
        if (r.key().startsWith(tag) && r.value().getModelVersion().equals(v2.getVersion())) {
          byV2.put(byId.get(r.key()).id(), r.value());
        }
      }
    }
    assertEquals(scenes.size(), byV2.size(), "every image scored by " + v2.getVersion());
    int redRed = 0;
    int redWarm = 0;
    int otherWarm = 0;
    int red = 0;
    for (ShapeScenes.Scene s : scenes) {
      Set<String> predicted =
          byV2.get(s.id()).getLabels().stream()
              .map(LabelScore::getLabel)
              .collect(Collectors.toSet());
      if (red(s)) {
        red++;
        redWarm += predicted.contains("warm") ? 1 : 0;
        redRed += predicted.contains("red") ? 1 : 0;
      } else {
        otherWarm += predicted.contains("warm") ? 1 : 0;
      }
    }
    System.out.printf(
        "vocabulary growth: %s mAP %.4f -> %s mAP %.4f; 'warm' predicted for %d of %d red images"
            + " ('red' for %d) and %d of %d others%n",
        v1.getVersion(),
        v1.getMetrics().get("mAP"),
        v2.getVersion(),
        v2.getMetrics().get("mAP"),
        redWarm,
        red,
        redRed,
        otherWarm,
        scenes.size() - red);
    assertTrue(redWarm >= 0.7 * red, redWarm + " of " + red + " red images tagged warm");
    assertTrue(
        otherWarm <= 0.2 * (scenes.size() - red),
        otherWarm + " of " + (scenes.size() - red) + " other images tagged warm");

    assertWarmHistory(api, v1, v2, red, scenes.size() - red);

    // 'warm' is deprecated: kept in v2, dropped from the next version (new confirmations trigger
    // it)
    post(api + "/v1/vocabulary", "{\"name\":\"warm\",\"deprecated\":true}", 202);
    awaitDeprecated(api, "warm");
    post(api + "/v1/labels", items(scenes, s -> confirmation(s.id(), s.shape(), "positive")), 202);
    ModelRelease v3 = release(kafka, 3);
    ModelArtifact shrunk = ModelArtifact.load(Path.of(URI.create(v3.getArtifactUri())));
    assertEquals(ShapeScenes.vocabulary().names(), shrunk.vocabulary().names(), "warm dropped");
    assertEquals(v1.getLabelSetHash(), v3.getLabelSetHash());
    assertEquals(
        grownLabels,
        ModelArtifact.load(Path.of(URI.create(v2.getArtifactUri()))).vocabulary().names(),
        "v2 keeps warm");
    System.out.printf(
        "vocabulary growth: 'warm' deprecated; %s (%s: %s) has %d labels%n",
        v3.getVersion(), v3.getStatus(), v3.getReason(), shrunk.vocabulary().names().size());
  }

  /**
   * The added label's history: every confirmation counted in label-state, absent from v1, in v2
   * with its positives split between training and validation, and v1 never predicting it.
   */
  private void assertWarmHistory(String api, ModelRelease v1, ModelRelease v2, int red, int others)
      throws Exception {
    var h = JSON.createObjectNode();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (h.path("observed").path("positives").asInt() != red) { // recomputed every 10 s
      assertTrue(System.nanoTime() < deadline, "warm's observed positives: " + h);
      Thread.sleep(h.isEmpty() ? 0 : 500);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "/v1/labels/warm")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      h = (ObjectNode) JSON.readTree(r.body());
    }
    assertEquals(others, h.path("observed").path("negatives").asInt(), h.toString());
    assertEquals("reviewer-1", h.path("vocabulary").path("added").path("addedBy").asText());
    Map<String, com.fasterxml.jackson.databind.JsonNode> versions = new HashMap<>();
    h.path("versions").forEach(v -> versions.put(v.path("version").asText(), v));
    assertEquals(false, versions.get(v1.getVersion()).path("inLabelSet").asBoolean(), h.toString());
    var inV2 = versions.get(v2.getVersion());
    assertEquals(true, inV2.path("inLabelSet").asBoolean(), h.toString());
    assertEquals(
        red,
        inV2.path("trainPositives").asInt() + inV2.path("validationPositives").asInt(),
        h.toString());
    for (var o : h.path("online")) {
      if (o.path("modelVersion").asText().equals(v1.getVersion())) {
        assertEquals(0, o.path("tp").asInt() + o.path("fp").asInt(), "v1 has no warm: " + h);
      }
    }
    System.out.printf("vocabulary growth: warm's history %s%n", h);
  }

  private static boolean red(ShapeScenes.Scene s) {
    return s.colour().equals("red");
  }

  private Service trainer(KafkaConfig kafka, Path labels, String epochs) {
    return start(
        kafka,
        "trainer",
        "--trainer.vocabulary",
        labels.toString(),
        "--trainer.registry",
        dir.resolve("registry").toString(),
        "--trainer.embedding-cache",
        dir.resolve("embeddings.bin").toString(),
        "--trainer.file-roots",
        dir.toString(),
        "--trainer.min-new-confirmations",
        "90",
        "--trainer.min-interval",
        "0s",
        "--trainer.validation-percent",
        "25",
        "--trainer.full-every",
        "0",
        "--trainer.epochs",
        epochs,
        "--trainer.batch-size",
        "16",
        "--trainer.device",
        "cpu");
  }

  /** Waits until GET /v1/vocabulary no longer lists {@code label} among the active ones. */
  private void awaitDeprecated(String api, String label) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "/v1/vocabulary?prefix=" + label)).build(),
              HttpResponse.BodyHandlers.ofString());
      boolean listed = false;
      for (var l : JSON.readTree(r.body()).path("labels")) {
        listed |= l.path("name").asText().equals(label);
      }
      if (r.statusCode() == 200 && !listed) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, label + " still active: " + r.body());
      Thread.sleep(200);
    }
  }

  /** Waits until label-state decides {@code label} (either way) on {@code images} images. */
  private static void awaitDecided(KafkaConfig kafka, String label, int images)
      throws InterruptedException {
    long deadline = System.nanoTime() + TRAINING.toNanos();
    long decided = 0;
    while (System.nanoTime() < deadline) {
      decided =
          LabelStates.snapshot(kafka, Duration.ofSeconds(30)).values().stream()
              .filter(s -> s.getPositives().contains(label) || s.getNegatives().contains(label))
              .count();
      if (decided >= images) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(label + " decided on " + decided + " of " + images + " images");
  }

  /** The n-th release (1-based) on the models topic. */
  private static ModelRelease release(KafkaConfig kafka, int n) {
    List<ConsumerRecord<String, ModelRelease>> r =
        Records.readUntil(kafka, Topics.MODELS, TRAINING, false, l -> l.size() >= n);
    assertTrue(r.size() >= n, "release " + n + " within " + TRAINING);
    return r.get(n - 1).value();
  }

  private Service start(KafkaConfig kafka, String name, String... flags) {
    return services.start(kafka, name, flags);
  }

  private void awaitReady(Service... list) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (Service s : list) {
      while (status("http://127.0.0.1:" + s.httpPort() + "/readyz") != 200) {
        assertTrue(System.nanoTime() < deadline, s.name() + " not ready within 60 s");
        Thread.sleep(100);
      }
    }
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void post(String url, String body, int expected) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), url + ": " + r.body());
  }

  private static String items(
      List<ShapeScenes.Scene> scenes, Function<ShapeScenes.Scene, ObjectNode> item) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    scenes.forEach(s -> a.add(item.apply(s)));
    return a.toString();
  }

  private static ObjectNode image(String id, ShapeScenes.Scene s, List<String> known) {
    ObjectNode o = JSON.createObjectNode().put("id", id).put("uri", s.file().toUri().toString());
    known.forEach(o.putArray("labels")::add);
    return o;
  }

  private static ObjectNode confirmation(String id, String label, String state) {
    return JSON.createObjectNode().put("id", id).put("label", label).put("state", state);
  }
}
