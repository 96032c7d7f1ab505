package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.nn.BackboneSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * trainer.gate=offline+shadow on the real broker: a retrain that beats the current model on the
 * held-out set is announced CANDIDATE, not PROMOTED; while it is open no other training starts;
 * without any worker shadowing it, the time limit rejects it with a reason that says why, and the
 * current model stays.
 */
class ShadowGateIT {
  private TrainerService trainer;

  @AfterEach
  void close() {
    if (trainer != null) {
      trainer.close();
    }
  }

  @Test
  void anOfflineWinnerIsOnlyACandidateAndTheTimeLimitRejectsItWithoutShadowEvidence() {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("shadow-gate");
    // the model in service: random weights over the scenes' labels, which any training beats
    ModelArtifact random =
        SyntheticModel.write(
            work.resolve("random"),
            "v0001",
            ShapeScenes.vocabulary(),
            BackboneSpec.resnet(32, 16, 1, 2), // trainable end to end: width a multiple of 16
            0.5f);
    TrainerFixture.announce(kafka, random, ReleaseStatus.PROMOTED);
    List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), 90, 4);
    TrainerFixture.sendStates(
        kafka, scenes.stream().map(s -> ShapeScenes.state(s, s.labels(), 2)).toList());
    trainer =
        TrainerFixture.service(
            kafka,
            work,
            "--trainer.min-new-confirmations",
            "180",
            "--trainer.full-every",
            "1",
            "--trainer.gate",
            "offline+shadow",
            "--trainer.shadow.min-judged",
            "1000",
            "--trainer.shadow.timeout",
            "20s");
    trainer.start();

    List<ModelRelease> releases = TrainerFixture.releases(kafka, Duration.ofSeconds(240), 2);
    ModelRelease candidate = releases.get(1);
    assertEquals("v0002", candidate.getVersion());
    assertEquals(ReleaseStatus.CANDIDATE, candidate.getStatus(), candidate.getReason());
    assertTrue(candidate.getReason().startsWith("offline: mAP "), candidate.getReason());
    assertTrue(
        candidate.getMetrics().get("mAP") > candidate.getMetrics().get("current.mAP"),
        candidate.getMetrics().toString());
    assertEquals(0.0, trainer.metrics().promoted.count(), "a candidate is not a promotion");

    // new evidence while the candidate is open starts no training
    TrainerFixture.sendStates(
        kafka, scenes.stream().map(s -> ShapeScenes.state(s, s.labels(), 5)).toList());
    TrainerFixture.await(
        "the new confirmations read",
        Duration.ofSeconds(15),
        () ->
            trainer
                    .meterRegistry()
                    .get("tagstream.trainer.snapshot.new.confirmations")
                    .gauge()
                    .value()
                >= 180);
    assertEquals(1.0, trainer.metrics().started.count(), "no training while v0002 is open");

    List<ModelRelease> after = TrainerFixture.releases(kafka, Duration.ofSeconds(60), 3);
    ModelRelease verdict = after.get(2);
    assertEquals("v0002", verdict.getVersion());
    assertEquals(ReleaseStatus.REJECTED, verdict.getStatus());
    assertEquals(
        candidate.getReason() + "; shadow: only 0 of 1000 judged confirmations within PT20S",
        verdict.getReason());
    assertEquals(0.0, verdict.getMetrics().get("shadow.judged"));
    assertEquals(1.0, trainer.metrics().rejected.count());
  }
}
