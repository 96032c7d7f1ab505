package dev.tagstream.cli.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.cli.InJvmServices;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
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
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.nn.BackboneSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's shadow evaluation end to end on the real broker, worker, feedback and trainer in this
 * JVM: v0001 serves, v0002 is announced CANDIDATE, the worker (shadow-percent 100) scores every
 * image with both and writes shadow-predictions, reviewers confirm labels, and the trainer's
 * offline+shadow gate judges both models on the same images and announces the verdict. Reviewers
 * who agree with the candidate get it promoted (and the worker swaps to it); reviewers who agree
 * with the current model get it rejected, judged by a trainer started only after all the evidence
 * was written (the verdict is read back from the topics, not from memory). The first worker
 * delivers at least once, the second exactly once.
 */
class ShadowEvaluationIT {
  static {
    HostHeader.allow(); // before this class's HTTP client loads the JDK's (worker fetches)
  }

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int IMAGES = 12;
  private final InJvmServices services = new InJvmServices();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void aCandidateTheReviewersAgreeWithIsPromotedAndServed() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(2);
    Models m = announce(kafka);
    Path labels = dir.resolve("labels.json");
    m.current.vocabulary().write(labels);
    Service feedback = start(kafka, "feedback", "--feedback.vocabulary", labels.toString());
    Service ingest =
        start(
            kafka,
            "ingest",
            "--ingest.vocabulary",
            labels.toString(),
            "--ingest.view-state-dir",
            dir.resolve("view").toString());
    start(kafka, "worker", "--worker.file-roots", dir.toString(), "--worker.shadow-percent", "100");
    trainer(kafka);
    Map<String, Set<String>[]> scored = score(kafka, "a-");
    int judged = confirm(kafka, scored, true);

    // feedback judges the shadow predictions by the same rule: every confirmation agrees with the
    // candidate, so it has TP for each label it predicted and TN for each one only v0001 predicted
    long tp = 0;
    long tn = 0;
    for (Set<String>[] p : scored.values()) {
      tp += p[1].size();
      tn += p[0].stream().filter(l -> !p[1].contains(l)).count();
    }
    awaitMeter(feedback, "tagstream_quality_shadow_judgements_total", "v0002", "tp", tp);
    awaitMeter(feedback, "tagstream_quality_shadow_judgements_total", "v0002", "tn", tn);
    assertEquals(0, meter(feedback, "tagstream_quality_shadow_judgements_total", "v0002", "fp"));
    assertEquals(0, meter(feedback, "tagstream_quality_shadow_judgements_total", "v0002", "fn"));
    assertEquals(
        tn,
        meter(feedback, "tagstream_quality_online_judgements_total", "v0001", "fp"),
        "the served model's predictions the reviewers rejected");

    ModelRelease verdict = verdict(kafka);
    assertEquals("v0002", verdict.getVersion());
    assertEquals(ReleaseStatus.PROMOTED, verdict.getStatus(), verdict.getReason());
    assertTrue(
        verdict.getReason().startsWith("test; shadow: F1 1.0000 vs current "), verdict.getReason());
    // the trainer runs live: it decides as soon as min-judged confirmations judged both models
    double used = verdict.getMetrics().get("shadow.judged");
    assertTrue(used >= IMAGES * 2 && used <= judged, used + " of " + judged);
    assertEquals(1.0, verdict.getMetrics().get("shadow.candidate.f1"), 0.0);
    assertEquals(1.0, verdict.getMetrics().get("shadow.candidate.precision"), 0.0);
    assertEquals(m.candidate.vocabulary().hash(), verdict.getLabelSetHash());

    // the models page shows the candidate beside the model it replaced, offline and online
    JsonNode c = awaitComparison(ingest, "promoted");
    assertEquals("v0002", c.get("candidate").asText());
    assertEquals(verdict.getMetrics().get("shadow.judged"), c.get("judged").asDouble(), 0.0);
    assertEquals("online F1", c.get("rows").get(3).get("metric").asText());
    assertEquals(1.0, c.get("rows").get(3).get("candidate").asDouble(), 0.0);
    assertEquals(
        verdict.getMetrics().get("shadow.current.f1"),
        c.get("rows").get(3).get("current").asDouble(),
        0.0);

    // the worker hot-swaps to the promoted candidate and stops shadowing
    Map<String, Set<String>[]> after = scoreUntilServedBy(kafka, "v0002");
    assertTrue(after.values().stream().allMatch(p -> p[1] == null), "no shadow after the verdict");
  }

  @Test
  void aCandidateTheReviewersDisagreeWithIsRejectedAndTheCurrentModelKeepsServing()
      throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(2);
    announce(kafka);
    // exactly-once here (at-least-once above): both outputs of an image in one transaction
    start(
        kafka,
        "worker",
        "--worker.file-roots",
        dir.toString(),
        "--worker.shadow-percent",
        "100",
        "--worker.delivery",
        "exactly-once");
    Map<String, Set<String>[]> scored = score(kafka, "r-");
    int judged = confirm(kafka, scored, false);
    trainer(kafka); // started after the evidence: it reads it back from the topics

    ModelRelease verdict = verdict(kafka);
    assertEquals("v0002", verdict.getVersion());
    assertEquals(ReleaseStatus.REJECTED, verdict.getStatus(), verdict.getReason());
    assertTrue(
        verdict.getReason().contains("vs current 1.0000 over " + judged), verdict.getReason());
    assertTrue(
        verdict.getReason().contains(", beyond the allowed fall of 0.0000"), verdict.getReason());
    assertEquals(1.0, verdict.getMetrics().get("shadow.current.f1"), 0.0);

    Map<String, Set<String>[]> after = score(kafka, "later-");
    assertTrue(after.size() == IMAGES && after.values().stream().allMatch(p -> p[1] == null));
    assertEquals(
        Set.of("v0001"),
        Records.readUntil(kafka, Topics.PREDICTIONS, WAIT, true, l -> l.size() >= 2 * IMAGES)
            .stream()
            .map(r -> r.value().getModelVersion().toString())
            .collect(Collectors.toSet()),
        "the rejected candidate never served");
  }

  private record Models(ModelArtifact current, ModelArtifact candidate) {}

  /** GET /v1/review/models until its comparison has the status. */
  private static JsonNode awaitComparison(Service ingest, String status) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode c = null;
    while (System.nanoTime() < deadline) {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + ingest.httpPort() + "/v1/review/models"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      c = new ObjectMapper().readTree(body).path("comparison");
      if (status.equals(c.path("status").asText())) {
        return c;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + status + " comparison on the models page: " + c);
  }

  /** A feedback counter from its /metrics page (0 when absent). */
  private static long meter(Service s, String name, String version, String outcome)
      throws Exception {
    String page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : page.split("\n")) {
      if (line.startsWith(name + "{")
          && line.contains("model_version=\"" + version + "\"")
          && line.contains("outcome=\"" + outcome + "\"")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private static void awaitMeter(Service s, String name, String version, String outcome, long want)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long have = meter(s, name, version, outcome);
    while (have != want && System.nanoTime() < deadline) {
      Thread.sleep(200);
      have = meter(s, name, version, outcome);
    }
    assertEquals(want, have, name + " " + version + " " + outcome);
  }

  /** Two small real models (random weights, so they disagree): v0001 serves, v0002 is shadowed. */
  private Models announce(KafkaConfig kafka) {
    BackboneSpec small = BackboneSpec.resnet(32, 8, 1, 2);
    ModelArtifact v1 =
        SyntheticModel.write(dir.resolve("registry/v0001"), "v0001", 40, small, 0.5f);
    ModelArtifact v2 =
        SyntheticModel.write(dir.resolve("registry/v0002"), "v0002", 40, small, 0.5f);
    Records.send(kafka, Topics.MODELS, "tagger", release(v1, ReleaseStatus.PROMOTED));
    Records.send(kafka, Topics.MODELS, "tagger", release(v2, ReleaseStatus.CANDIDATE));
    return new Models(v1, v2);
  }

  private static ModelRelease release(ModelArtifact a, ReleaseStatus status) {
    return ModelRelease.newBuilder()
        .setName("tagger")
        .setVersion(a.info().version())
        .setArtifactUri(a.dir().toUri().toString())
        .setLabelSetHash(a.vocabulary().hash())
        .setStatus(status)
        .setReason("test")
        .setAnnouncedAt(Instant.now())
        .build();
  }

  private void trainer(KafkaConfig kafka) {
    start(
        kafka,
        "trainer",
        "--trainer.registry",
        dir.resolve("registry").toString(),
        "--trainer.embedding-cache",
        dir.resolve("embeddings.bin").toString(),
        "--trainer.file-roots",
        dir.toString(),
        "--trainer.min-new-confirmations",
        "1000000", // no retraining here: only the shadow verdict
        "--trainer.gate",
        "offline+shadow",
        "--trainer.shadow.min-judged",
        String.valueOf(IMAGES * 2),
        "--trainer.device",
        "cpu");
  }

  /**
   * Submits IMAGES images and waits for each one's served prediction and, while a candidate is
   * shadowed, its shadow prediction: id -> {served labels, shadow labels or null}.
   */
  private Map<String, Set<String>[]> score(KafkaConfig kafka, String prefix) {
    List<ShapeScenes.Scene> scenes =
        ShapeScenes.generate(dir.resolve(prefix + "images"), IMAGES, 3);
    for (ShapeScenes.Scene s : scenes) {
      Records.send(
          kafka,
          Topics.IMAGES,
          prefix + s.id(),
          ImageReference.newBuilder()
              .setId(prefix + s.id())
              .setUri(s.file().toUri().toString())
              .setSubmittedAt(Instant.now())
              .build());
    }
    boolean shadowing = !prefix.equals("later-") && !prefix.startsWith("after");
    List<ConsumerRecord<String, Prediction>> served =
        Records.readUntil(kafka, Topics.PREDICTIONS, WAIT, true, l -> count(l, prefix) >= IMAGES);
    List<ConsumerRecord<String, Prediction>> shadow =
        Records.readUntil(
            kafka,
            Topics.SHADOW_PREDICTIONS,
            shadowing ? WAIT : Duration.ofSeconds(2),
            true,
            l -> count(l, prefix) >= IMAGES);
    Map<String, Set<String>[]> out = new HashMap<>();
    for (var r : served) {
      if (r.key().startsWith(prefix)) {
        out.computeIfAbsent(r.key(), k -> newPair())[0] = labels(r.value());
      }
    }
    for (var r : shadow) {
      if (r.key().startsWith(prefix)) {
        assertEquals("v0002", r.value().getModelVersion().toString());
        out.computeIfAbsent(r.key(), k -> newPair())[1] = labels(r.value());
      }
    }
    assertEquals(IMAGES, out.size(), "every image scored");
    if (shadowing) {
      assertTrue(out.values().stream().allMatch(p -> p[1] != null), "every image shadowed");
    }
    return out;
  }

  private Map<String, Set<String>[]> scoreUntilServedBy(KafkaConfig kafka, String version)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int round = 0; System.nanoTime() < deadline; round++) {
      String prefix = "after" + round + "-";
      Map<String, Set<String>[]> out = score(kafka, prefix);
      List<ConsumerRecord<String, Prediction>> served =
          Records.readUntil(kafka, Topics.PREDICTIONS, WAIT, true, l -> count(l, prefix) >= IMAGES);
      if (served.stream()
          .filter(r -> r.key().startsWith(prefix))
          .allMatch(r -> r.value().getModelVersion().toString().equals(version))) {
        return out;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the worker never served " + version);
  }

  /**
   * Reviewers confirm every label either model predicted: those the candidate predicted are
   * positive and the current model's others negative (agreeing with the candidate), or the other
   * way round. Returns how many confirmations judge both models.
   */
  private static int confirm(
      KafkaConfig kafka, Map<String, Set<String>[]> scored, boolean withCandidate) {
    int n = 0;
    boolean differ = false;
    for (var e : scored.entrySet()) {
      Set<String> current = e.getValue()[0];
      Set<String> candidate = e.getValue()[1];
      differ |= !current.equals(candidate);
      Set<String> right = withCandidate ? candidate : current;
      Set<String> all = new HashSet<>(current);
      all.addAll(candidate);
      for (String label : all) {
        Records.send(
            kafka,
            Topics.LABELS,
            e.getKey(),
            LabelConfirmation.newBuilder()
                .setId(e.getKey())
                .setLabel(label)
                .setState(right.contains(label) ? LabelDecision.POSITIVE : LabelDecision.NEGATIVE)
                .setSource("reviewer")
                .setConfirmedAt(Instant.now())
                .build());
        n++;
      }
    }
    assertTrue(differ, "two random models should disagree somewhere");
    assertTrue(n >= IMAGES * 2, n + " confirmations: enough for min-judged");
    return n;
  }

  private static ModelRelease verdict(KafkaConfig kafka) {
    List<ConsumerRecord<String, ModelRelease>> r =
        Records.readUntil(kafka, Topics.MODELS, WAIT, false, l -> l.size() >= 3);
    assertTrue(r.size() >= 3, "a verdict within " + WAIT + ": " + r);
    ModelRelease v = r.get(2).value();
    assertNotEquals(ReleaseStatus.CANDIDATE, v.getStatus());
    return v;
  }

  private static long count(List<ConsumerRecord<String, Prediction>> l, String prefix) {
    return l.stream().filter(r -> r.key().startsWith(prefix)).count();
  }

  @SuppressWarnings("unchecked")
  private static Set<String>[] newPair() {
    return new Set[2];
  }

  private static Set<String> labels(Prediction p) {
    return p.getLabels().stream().map(LabelScore::getLabel).collect(Collectors.toSet());
  }

  private Service start(KafkaConfig kafka, String name, String... flags) {
    return services.start(kafka, name, flags);
  }
}
