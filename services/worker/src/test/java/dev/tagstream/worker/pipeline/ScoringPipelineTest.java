package dev.tagstream.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.core.images.FetchConfig;
import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.core.images.ImageFetcher;
import dev.tagstream.core.images.SampleImages;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.worker.Await;
import dev.tagstream.worker.TestModels;
import dev.tagstream.worker.WorkerMetrics;
import dev.tagstream.worker.serving.ModelSlot;
import dev.tagstream.worker.serving.ServingModel;
import dev.tagstream.worker.serving.ShadowSlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline driven directly, no broker: real files, real decoding, a real (random-weight) model.
 */
class ScoringPipelineTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path images;
  @TempDir Path models;

  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private final WorkerMetrics metrics = WorkerMetrics.inMemory();
  private ModelSlot slot;
  private final ShadowSlot shadow = new ShadowSlot();
  private ScoringPipeline pipeline;

  @BeforeEach
  void build() {
    slot = new ModelSlot(m -> metrics.modelVersion(m.version()));
    slot.offer(TestModels.load(TestModels.write(models, "v0001")));
    pipeline = pipeline(new PipelineConfig(4, Duration.ofMillis(5), 2, false, false));
  }

  private ScoringPipeline pipeline(PipelineConfig config) {
    return ScoringPipeline.create(
        config,
        ImageFetcher.create(FetchConfig.defaults(List.of(images))),
        new ImageDecoder(1_000_000),
        slot,
        shadow,
        metrics,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    pipeline.close();
    slot.close();
    shadow.close();
  }

  private void submit(String id, String uri, long offset) {
    ImageReference ref =
        ImageReference.newBuilder()
            .setId(id)
            .setUri(uri)
            .setSubmittedAt(NOW.minusMillis(250))
            .build();
    pipeline.submit(
        new ImageJob(ref, "images", 0, offset, System.nanoTime()), o -> outcomes.put(id, o));
  }

  private String file(String name, byte[] bytes) throws IOException {
    return Files.write(images.resolve(name), bytes).toUri().toString();
  }

  private void awaitOutcomes(int n) {
    Await.until(
        Duration.ofSeconds(30),
        () -> outcomes.size() >= n,
        () -> n + " outcomes, have " + outcomes.keySet());
  }

  @Test
  void scoresEveryImageWithTheModelVersion() throws IOException {
    pipeline.start();
    for (int i = 0; i < 10; i++) {
      submit("img-" + i, file("i" + i + ".png", SampleImages.png(48, 40, i)), i);
    }
    awaitOutcomes(10);
    for (int i = 0; i < 10; i++) {
      Prediction p = outcomes.get("img-" + i).prediction();
      assertEquals("v0001", p.getModelVersion());
      assertEquals(i, outcomes.get("img-" + i).offset());
      assertTrue(p.getLabels().size() <= 5, "top-K caps labels");
      assertNull(p.getProbabilities());
      assertNull(p.getEmbedding());
      assertEquals(NOW, p.getScoredAt());
      assertTrue(p.getTimings().getTotalMs() >= p.getTimings().getInferenceMs());
    }
    assertEquals(0, pipeline.inFlight());
    assertEquals(
        10.0,
        metrics
            .registry()
            .get("tagstream.worker.images")
            .tag("outcome", "scored")
            .counter()
            .count());
  }

  @Test
  void everyJobOfABatchGetsAnOutcomeWhenOneOfThemFailsAfterScoring() throws IOException {
    pipeline.close();
    pipeline =
        pipeline(new PipelineConfig(4, Duration.ofSeconds(2), 2, false, false)); // one batch of 4
    pipeline.start();
    // A reference without its submission time: its prediction record cannot be built (a required
    // field is null).
    ImageReference broken = new ImageReference();
    broken.setId("broken");
    broken.setUri(file("broken.png", SampleImages.png(32, 32, 9)));
    Set<String> handled = ConcurrentHashMap.newKeySet();
    java.util.function.Consumer<Outcome> throwsOnce =
        o -> {
          outcomes.put(o.key(), o);
          if (handled.isEmpty() && handled.add(o.key())) {
            throw new IllegalStateException(
                "the outcome handler failed"); // e.g. a producer that refused the record
          }
        };
    pipeline.submit(new ImageJob(broken, "images", 0, 0, System.nanoTime()), throwsOnce);
    for (int i = 1; i < 4; i++) {
      ImageReference ref =
          ImageReference.newBuilder()
              .setId("ok-" + i)
              .setUri(file("ok" + i + ".png", SampleImages.png(32, 32, i)))
              .setSubmittedAt(NOW)
              .build();
      pipeline.submit(new ImageJob(ref, "images", 0, i, System.nanoTime()), throwsOnce);
    }
    awaitOutcomes(4);
    assertEquals("internal-error", outcomes.get("broken").failure().getReason());
    assertEquals("score", outcomes.get("broken").failure().getStage());
    for (int i = 1; i < 4; i++) {
      assertEquals("v0001", outcomes.get("ok-" + i).prediction().getModelVersion());
    }
    assertEquals(0, pipeline.inFlight());
  }

  @Test
  void aSubmissionTimeCenturiesAwayIsScoredAndLeavesTheRestOfItsBatchAlone() throws IOException {
    // Found by PoisonRecordsFuzzIT: the end-to-end latency of such a reference overflowed the
    // timer, and the
    // throw made its finished prediction, and every later one of the batch, a dead letter.
    pipeline.close();
    pipeline =
        pipeline(new PipelineConfig(4, Duration.ofSeconds(2), 2, false, false)); // one batch of 4
    pipeline.start();
    for (int i = 0; i < 4; i++) {
      Instant submitted = i == 1 ? Instant.parse("1200-01-01T00:00:00Z") : NOW;
      ImageReference ref =
          ImageReference.newBuilder()
              .setId("t-" + i)
              .setUri(file("t" + i + ".png", SampleImages.png(32, 32, i)))
              .setSubmittedAt(submitted)
              .build();
      pipeline.submit(
          new ImageJob(ref, "images", 0, i, System.nanoTime()), o -> outcomes.put(o.key(), o));
    }
    awaitOutcomes(4);
    for (int i = 0; i < 4; i++) {
      assertEquals("v0001", outcomes.get("t-" + i).prediction().getModelVersion(), "t-" + i);
    }
    // only the three plausible latencies are recorded
    assertEquals(3, metrics.registry().get("tagstream.worker.end.to.end").timer().count());
  }

  @Test
  void includesProbabilitiesAndEmbeddingWhenConfigured() throws IOException {
    pipeline.close();
    pipeline = pipeline(new PipelineConfig(4, Duration.ofMillis(5), 2, true, true));
    pipeline.start();
    submit("a", file("a.png", SampleImages.png(32, 32, 1)), 0);
    awaitOutcomes(1);
    Prediction p = outcomes.get("a").prediction();
    assertEquals(TestModels.LABELS, p.getProbabilities().size());
    assertEquals(TestModels.SMALL.embeddingDim(), p.getEmbedding().size());
  }

  @Test
  void turnsBadInputsIntoDeadLettersAndKeepsGoing() throws IOException {
    pipeline.start();
    submit("good", file("good.png", SampleImages.png(32, 32, 1)), 0);
    submit("empty", file("empty.png", new byte[0]), 1);
    submit("text", file("text.png", "hello".getBytes()), 2);
    submit("missing", images.resolve("missing.png").toUri().toString(), 3);
    submit("ftp", "ftp://example.org/x.png", 4);
    submit("good2", file("good2.jpg", SampleImages.jpeg(32, 32, 2)), 5);
    awaitOutcomes(6);
    assertEquals("empty", outcomes.get("empty").failure().getReason());
    assertEquals("not-an-image", outcomes.get("text").failure().getReason());
    assertEquals("not-found", outcomes.get("missing").failure().getReason());
    assertEquals("fetch", outcomes.get("missing").failure().getStage());
    assertEquals(3, outcomes.get("missing").failure().getSourceOffset());
    assertEquals("unsupported-scheme", outcomes.get("ftp").failure().getReason());
    assertEquals("v0001", outcomes.get("good").prediction().getModelVersion());
    assertEquals("v0001", outcomes.get("good2").prediction().getModelVersion());
    assertEquals(
        1.0,
        metrics
            .registry()
            .get("tagstream.worker.failures")
            .tag("reason", "not-found")
            .counter()
            .count());
  }

  @Test
  void twoInferenceThreadsScoreEveryImageOnceAndSwitchModelsWithoutClosingOneInUse()
      throws IOException {
    pipeline.close();
    pipeline = pipeline(new PipelineConfig(2, Duration.ofMillis(1), 2, 2, 1, true, false, 0));
    ServingModel v1 = slot.newest();
    pipeline.start();
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      uris.add(file("i" + i + ".png", SampleImages.png(40, 40, i)));
    }
    for (int i = 0; i < 40; i++) {
      if (i == 20) {
        slot.offer(TestModels.load(TestModels.write(models, "v0002")));
      }
      submit("img-" + i, uris.get(i % uris.size()), i);
    }
    awaitOutcomes(40);
    Await.until(Duration.ofSeconds(10), () -> pipeline.inFlight() == 0, () -> "nothing in flight");
    Set<String> versions = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      Prediction p = outcomes.get("img-" + i).prediction();
      assertNotNull(p, "img-" + i + " was scored, not dead-lettered");
      assertEquals(i, outcomes.get("img-" + i).offset());
      versions.add(p.getModelVersion());
    }
    assertEquals(40, outcomes.size());
    // one picture gets one model's probabilities, whichever thread and batch scored it
    for (int i = 8; i < 40; i++) {
      Prediction p = outcomes.get("img-" + i).prediction();
      Prediction same = outcomes.get("img-" + (i - 8)).prediction();
      if (p.getModelVersion().equals(same.getModelVersion())) {
        for (int l = 0; l < p.getProbabilities().size(); l++) {
          assertEquals(same.getProbabilities().get(l), p.getProbabilities().get(l), 1e-5f);
        }
      }
    }
    assertTrue(versions.contains("v0002"), versions.toString());
    assertTrue(v1.isClosed(), "v0001 closes once no batch uses it");
    assertFalse(slot.newest().isClosed());
  }

  @Test
  void reprocessesImagesQueuedForAnotherInputSizeAfterSwitch() throws IOException {
    assertEquals(null, slot.currentVersion());
    slot.forBatch().close(); // v0001 serving
    for (int i = 0; i < 6; i++) {
      submit("img-" + i, file("i" + i + ".png", SampleImages.png(40, 40, i)), i);
    }
    Await.until(
        Duration.ofSeconds(10),
        () -> metrics.registry().get("tagstream.worker.queue.depth").gauge().value() == 6,
        () -> "6 images preprocessed for v0001's 32 px input");
    slot.offer(
        TestModels.load(TestModels.write(models, "v0002", BackboneSpec.resnet(48, 8, 1, 2))));
    pipeline.start();
    awaitOutcomes(6);
    outcomes.values().forEach(o -> assertEquals("v0002", o.prediction().getModelVersion()));
  }

  @Test
  void aShadowedCandidateScoresExactlyTheSampledImagesBesideTheServedModel() throws IOException {
    pipeline.close();
    pipeline = pipeline(new PipelineConfig(4, Duration.ofMillis(5), 2, 1, 0, false, false, 16));
    shadow.offer(TestModels.load(TestModels.write(models, "v0002")));
    pipeline.start();
    for (int i = 0; i < 10; i++) {
      submit("img-" + i, file("i" + i + ".png", SampleImages.png(48, 40, i)), i);
    }
    awaitOutcomes(10);
    for (int i = 0; i < 10; i++) {
      Outcome o = outcomes.get("img-" + i);
      assertEquals("v0001", o.prediction().getModelVersion(), "the candidate never serves");
      // ShadowSample buckets of img-0..9: 21 15 17 11 40 78 40 18 79 13, so 16 % picks 1, 3, 9
      if (i == 1 || i == 3 || i == 9) {
        assertEquals("v0002", o.shadow().getModelVersion(), "img-" + i);
        assertEquals("img-" + i, o.shadow().getId().toString());
      } else {
        assertNull(o.shadow(), "img-" + i + " is not in the sample");
      }
    }
    assertEquals(3.0, metrics.registry().get("tagstream.worker.shadow.scored").counter().count());

    shadow.retire(); // the candidate's verdict arrived: the next batches are served only
    outcomes.clear();
    for (int i = 0; i < 4; i++) {
      submit("img-" + i, file("j" + i + ".png", SampleImages.png(48, 40, i)), 10 + i);
    }
    awaitOutcomes(4);
    outcomes.values().forEach(o -> assertNull(o.shadow()));
  }

  @Test
  void withoutACandidateAShadowPercentScoresNothingExtra() throws IOException {
    pipeline.close();
    pipeline = pipeline(new PipelineConfig(4, Duration.ofMillis(5), 2, 1, 0, false, false, 100));
    pipeline.start();
    for (int i = 0; i < 4; i++) {
      submit("img-" + i, file("i" + i + ".png", SampleImages.png(48, 40, i)), i);
    }
    awaitOutcomes(4);
    outcomes.values().forEach(o -> assertNull(o.shadow()));
    assertEquals(
        null, metrics.registry().find("tagstream.worker.shadow.scored").counter(), "never counted");
  }
}
