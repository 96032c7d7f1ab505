package dev.tagstream.trainer;

import static dev.tagstream.trainer.TrainerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.Directories;
import dev.tagstream.model.artifact.LabelReport;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.nn.TaggerNetwork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainerServiceIT {
  private final List<TrainerService> services = new ArrayList<>();

  @AfterEach
  void closeServices() {
    services.forEach(TrainerService::close);
  }

  private TrainerService start(TrainerService s) {
    services.add(s);
    s.start();
    return s;
  }

  @Test
  void feedbackTriggersARetrainWhoseModelIsPromoted() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("promote");
    List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), 90, 1);
    // 90 images x 2 confirmations: the trigger fires once all of them arrived
    TrainerService trainer =
        start(TrainerFixture.service(kafka, work, "--trainer.min-new-confirmations", "180"));
    await("snapshot caught up", Duration.ofSeconds(30), trainer::caughtUp);
    assertEquals(200, httpGet(trainer, "/readyz").statusCode());
    assertEquals(0.0, trainer.metrics().started.count());

    TrainerFixture.sendStates(kafka, states(scenes, 2));

    ModelRelease r = TrainerFixture.releases(kafka, Duration.ofSeconds(180), 1).get(0);
    assertEquals(ReleaseStatus.PROMOTED, r.getStatus());
    assertEquals("tagger", r.getName());
    assertEquals("v0001", r.getVersion());
    assertEquals(
        ShippedBackbone.VERSION, r.getParent(), "the first model starts from the shipped backbone");
    assertTrue(r.getReason().startsWith("initial model: mAP "), r.getReason());
    assertTrue(r.getMetrics().get("mAP") > 0.5, "mAP " + r.getMetrics());
    ModelArtifact a = ModelArtifact.load(ReleasePublisher.artifactDir(r));
    assertEquals(work.resolve("registry").resolve("v0001"), a.dir());
    assertEquals(
        ShippedBackbone.BACKBONE_SHA256,
        a.info().files().get("backbone.params"),
        "head-only: backbone kept");
    assertEquals(ShapeScenes.vocabulary().hash(), r.getLabelSetHash());
    assertLabelReport(a, states(scenes, 2));
    assertEquals(1.0, trainer.metrics().promoted.count());
    String metrics = httpGet(trainer, "/metrics").body();
    assertTrue(
        metrics.contains("tagstream_trainer_candidates_promoted_total{service=\"trainer\"} 1.0"),
        metrics);
    assertTrue(
        metrics.contains("tagstream_trainer_snapshot_images{service=\"trainer\"} 90.0"), metrics);
  }

  /**
   * The version's label report splits every image's observed labels between training and
   * validation: per label, the two counts add up to the images that carry it.
   */
  private static void assertLabelReport(ModelArtifact a, List<LabelState> states) throws Exception {
    LabelReport report = LabelReport.read(a.dir()).orElseThrow();
    assertEquals(states.size(), report.trainImages() + report.validationImages());
    assertEquals(a.vocabulary().names().size(), report.labels().size());
    float[] thresholds = a.thresholds();
    for (int j = 0; j < report.labels().size(); j++) {
      LabelReport.Entry e = report.labels().get(j);
      assertEquals(a.vocabulary().names().get(j), e.name());
      long carrying = states.stream().filter(s -> s.getPositives().contains(e.name())).count();
      assertEquals(carrying, e.trainPositives() + e.validationPositives(), e.name());
      assertEquals(0, e.trainNegatives(), "no confirmed negatives were sent: " + e.name());
      assertEquals(e.validationPositives() > 0, e.ap() != null, e.name());
      assertEquals(thresholds[j], e.threshold(), e.name());
    }
  }

  private static HttpResponse<String> httpGet(TrainerService s, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void worseCandidateIsRejectedAndTheCurrentModelStays() {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("reject");
    ModelArtifact good = TrainerFixture.goodModel();
    TrainerFixture.announce(kafka, good, ReleaseStatus.PROMOTED);
    // Wrong feedback on the training side only (shape and colour shifted), the held-out side stays
    // correct, and a
    // learning rate far too high for a warm-started head: the candidate learns the wrong labels.
    List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), 90, 2);
    List<LabelState> states = new ArrayList<>();
    for (ShapeScenes.Scene s : scenes) {
      boolean heldOut = ValidationSplit.bucket(s.id()) < 25;
      states.add(ShapeScenes.state(s, heldOut ? s.labels() : ShapeScenes.shiftedLabels(s), 2));
    }
    TrainerFixture.sendStates(kafka, states);
    TrainerService trainer =
        start(
            TrainerFixture.service(
                kafka,
                work,
                "--trainer.min-new-confirmations",
                "180",
                "--trainer.full-every",
                "0",
                "--trainer.learning-rate",
                "0.5",
                "--trainer.batch-size",
                "8",
                "--trainer.epochs",
                "3"));

    List<ModelRelease> releases = TrainerFixture.releases(kafka, Duration.ofSeconds(180), 2);
    ModelRelease r = releases.get(1);
    assertEquals(ReleaseStatus.REJECTED, r.getStatus());
    assertEquals("v0002", r.getVersion());
    assertEquals(good.info().version(), r.getParent());
    double candidate = r.getMetrics().get("mAP");
    double current = r.getMetrics().get("current.mAP");
    assertTrue(candidate < current, candidate + " vs " + current);
    assertTrue(r.getReason().endsWith("not above margin 0.0000"), r.getReason());
    // the rejected candidate is recorded in the registry (its head trained away from the warm
    // start); the current
    // model is still the good one
    ModelArtifact rejected = ModelArtifact.load(ReleasePublisher.artifactDir(r));
    assertEquals("v0002", rejected.info().version());
    assertNotEquals(
        good.info().files().get(TaggerNetwork.HEAD_PARAMS),
        rejected.info().files().get(TaggerNetwork.HEAD_PARAMS));
    ReleaseLog history = new ReleaseLog("tagger");
    releases.forEach(history::apply);
    assertEquals(
        ReleasePublisher.artifactDir(releases.get(0)),
        ReleasePublisher.artifactDir(history.current().orElseThrow()));
    assertEquals(1.0, trainer.metrics().rejected.count());
    assertEquals(0.0, trainer.metrics().promoted.count());
  }

  @Test
  void closingDuringATrainingAnnouncesNothingAndLeavesNoVersion() throws Exception {
    Engine.getInstance(); // native libraries ready before anything can be interrupted
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("crash");
    TrainerFixture.sendStates(
        kafka, states(ShapeScenes.generate(work.resolve("images"), 90, 3), 2));
    TrainerService trainer =
        start(
            TrainerFixture.service(
                kafka,
                work,
                "--trainer.min-new-confirmations",
                "180",
                "--trainer.epochs",
                "1000",
                "--trainer.patience",
                "0"));
    await("a training to start", Duration.ofSeconds(60), () -> trainer.metrics().trainingActive());

    trainer.close(); // returns once the training thread has stopped

    assertEquals(0, TrainerFixture.modelsEndOffset(kafka));
    try (Stream<Path> left = Files.list(work.resolve("registry"))) {
      assertEquals(List.of(), left.toList());
    }
    assertEquals(1.0, trainer.metrics().failed.count());
    assertEquals(0.0, trainer.metrics().completed.count());
  }

  @Test
  void headOnlyRetrainReusesCachedEmbeddingsWithoutDecodingImages() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("cache");
    ModelArtifact good = TrainerFixture.goodModel();
    TrainerFixture.announce(kafka, good, ReleaseStatus.PROMOTED);
    List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), 90, 4);
    TrainerFixture.sendStates(kafka, states(scenes, 2));
    TrainerService trainer =
        start(
            TrainerFixture.service(
                kafka,
                work,
                "--trainer.min-new-confirmations",
                "180",
                "--trainer.full-every",
                "0"));
    ModelRelease first = TrainerFixture.releases(kafka, Duration.ofSeconds(180), 2).get(1);
    assertEquals("v0002", first.getVersion());
    // head-only keeps the backbone file byte for byte, so the cache key (its hash) carries over to
    // the next model
    assertEquals(
        good.info().files().get(TaggerNetwork.BACKBONE_PARAMS),
        ModelArtifact.load(ReleasePublisher.artifactDir(first))
            .info()
            .files()
            .get(TaggerNetwork.BACKBONE_PARAMS));

    Directories.deleteRecursively(
        work.resolve("images")); // any read would now find an unreadable image
    TrainerFixture.sendStates(kafka, states(scenes, 4));

    ModelRelease second = TrainerFixture.releases(kafka, Duration.ofSeconds(180), 3).get(2);
    assertEquals("v0003", second.getVersion());
    assertTrue(second.getMetrics().get("mAP") > 0.5, "mAP " + second.getMetrics());
    assertEquals(0.0, trainer.metrics().failed.count());
    assertEquals(
        0.0, trainer.metrics().unreadableImages.count()); // no image was read the second time
    assertEquals(0.0, second.getMetrics().get("skipped.unreadable"));
    assertEquals(4.0, trainer.metrics().cachedEvaluations.count()); // candidate and current, twice
  }

  @Test
  void failedTrainingAnnouncesNothingKeepsItsEvidenceAndWaitsBeforeRetrying() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("fail");
    List<LabelState> noUri = new ArrayList<>();
    for (ShapeScenes.Scene s : ShapeScenes.generate(work.resolve("images"), 10, 6)) {
      noUri.add(LabelState.newBuilder(ShapeScenes.state(s, s.labels(), 2)).setUri("").build());
    }
    TrainerFixture.sendStates(kafka, noUri);
    TrainerService trainer =
        start(
            TrainerFixture.service(
                kafka,
                work,
                "--trainer.min-new-confirmations",
                "20",
                "--trainer.min-interval",
                "1h"));

    await(
        "the training to fail",
        Duration.ofSeconds(60),
        () -> trainer.metrics().failed.count() == 1.0);
    await(
        "the training thread to finish",
        Duration.ofSeconds(10),
        () -> !trainer.metrics().trainingActive());

    assertEquals(0, TrainerFixture.modelsEndOffset(kafka));
    try (Stream<Path> left = Files.list(work.resolve("registry"))) {
      assertEquals(List.of(), left.toList());
    }
    assertEquals(
        20.0,
        trainer
            .meterRegistry()
            .get("tagstream.trainer.snapshot.new.confirmations")
            .gauge()
            .value());
    assertEquals(10.0, trainer.metrics().skippedImages.count());
    assertEquals(1.0, trainer.metrics().started.count()); // no retry within trainer.min-interval
  }

  @Test
  void restartDoesNotRetrainOnEvidenceTheCurrentModelAlreadySaw() {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("restart");
    TrainerFixture.sendStates(
        kafka, states(ShapeScenes.generate(work.resolve("images"), 90, 5), 2));
    TrainerFixture.announce(
        kafka, TrainerFixture.goodModel(), ReleaseStatus.PROMOTED); // announced after them
    TrainerService trainer =
        start(TrainerFixture.service(kafka, work, "--trainer.min-new-confirmations", "1"));

    await("snapshot caught up", Duration.ofSeconds(30), trainer::caughtUp);

    assertEquals(0.0, trainer.metrics().started.count());
    assertEquals(
        0.0,
        trainer
            .meterRegistry()
            .get("tagstream.trainer.snapshot.new.confirmations")
            .gauge()
            .value());
  }

  private static List<LabelState> states(List<ShapeScenes.Scene> scenes, long confirmations) {
    List<LabelState> out = new ArrayList<>();
    for (int i = 0; i < scenes.size(); i++) {
      out.add(ShapeScenes.state(scenes.get(i), i, confirmations));
    }
    return out;
  }
}
