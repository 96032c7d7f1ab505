package dev.tagstream.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ModelRegistry;
import dev.tagstream.model.data.ImageLoader;
import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.TaggerNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real PNG files: train, save, reload, predict identically; head-only retrain;
 * resume; corruption.
 */
class TrainerTest {
  @TempDir static Path tmp;
  static TinyDataset data;
  static ModelArtifact trained;

  static TrainingConfig tinyConfig() {
    return TrainingConfig.builder(LossSpec.of("weighted"))
        .backbone(BackboneSpec.resnet(16, 16, 1, 2))
        .epochs(6)
        .batchSize(16)
        .learningRate(5e-3)
        .warmupEpochs(1)
        .augment(true)
        .patience(0)
        .build();
  }

  @BeforeAll
  static void trainOnce() throws Exception {
    data = TinyDataset.create(Files.createDirectories(tmp.resolve("data")), 96, 48);
    ModelRegistry reg = new ModelRegistry(tmp.resolve("registry"));
    trained =
        new ModelTrainer(tinyConfig(), ProgressBar.silent())
            .train(
                data.train,
                data.val,
                data.vocabulary,
                null,
                reg.pathFor(reg.nextVersion()),
                "v0001");
  }

  @Test
  void writesACompleteVersionWithCalibratedThresholdsAndHistory() throws Exception {
    assertEquals("v0001", trained.info().version());
    assertNull(trained.info().parent());
    assertEquals(5, trained.thresholds().length);
    assertEquals(data.vocabulary.hash(), trained.info().labelSetHash());
    assertEquals(6, trained.info().training().history().size());
    assertEquals(96, trained.info().training().trainImages());
    assertEquals(0, trained.info().training().unreadableImages());
    // not written when 0, so workers built before the field still load models trained on readable
    // images only
    assertFalse(Files.readString(trained.dir().resolve("model.json")).contains("unreadableImages"));
    assertTrue(trained.info().metrics().containsKey("mAP"));
    assertEquals(List.of("v0001"), new ModelRegistry(tmp.resolve("registry")).versions());
    assertEquals("v0002", new ModelRegistry(tmp.resolve("registry")).nextVersion());
    // no hidden temp directory is left behind
    assertEquals(1, tmp.resolve("registry").toFile().list().length);
  }

  @Test
  void learnsFarBetterThanChanceOnHeldOutImages() {
    try (Scorer s = Scorer.open(trained, Device.cpu())) {
      EvaluationReport r = Evaluator.evaluate(s, data.test, ProgressBar.silent());
      // constant scores give AP = prevalence: about 0.33 for a colour, 0.5 for striped, 1.0 for
      // colour
      assertTrue(r.map() > 0.9, "test mAP " + r.map());
      assertEquals(48, r.images());
    }
  }

  @Test
  void reloadedArtifactPredictsExactlyTheSame() {
    List<float[]> images = new ArrayList<>();
    try (Scorer a = Scorer.open(trained, Device.cpu())) {
      for (ManifestEntry e : data.test.subList(0, 8)) {
        images.add(a.preprocessor().toTensorData(ImageLoader.load(e.uri())));
      }
      List<float[]> first = a.score(images).probabilities();
      try (Scorer b = Scorer.open(ModelArtifact.load(trained.dir()), Device.cpu())) {
        List<float[]> second = b.score(images).probabilities();
        for (int i = 0; i < first.size(); i++) {
          assertArrayEquals(first.get(i), second.get(i), 0f);
        }
        // head-only path over the embeddings agrees with the full path
        List<float[]> viaEmb = b.scoreEmbeddings(b.score(images).embeddings()).probabilities();
        assertArrayEquals(first.get(0), viaEmb.get(0), 1e-6f);
      }
    }
  }

  @Test
  void headOnlyRetrainingUsesAndFillsTheEmbeddingCache() throws Exception {
    Path cache = tmp.resolve("emb.bin");
    TrainingConfig cfg = tinyConfig().toBuilder().epochs(3).headOnly(true, cache).build();
    ModelArtifact v2 =
        new ModelTrainer(cfg, ProgressBar.silent())
            .train(
                data.train,
                data.val,
                data.vocabulary,
                trained,
                tmp.resolve("headonly/v0002"),
                "v0002");
    assertEquals("v0001", v2.info().parent());
    assertTrue(v2.info().training().headOnly());
    // the backbone is carried over byte for byte
    assertEquals(
        trained.info().files().get(TaggerNetwork.BACKBONE_PARAMS),
        v2.info().files().get(TaggerNetwork.BACKBONE_PARAMS));
    String key = trained.info().files().get(TaggerNetwork.BACKBONE_PARAMS);
    assertEquals(
        96 + 48, EmbeddingCache.load(cache, key, trained.info().backbone().embeddingDim()).size());
    try (Scorer s = Scorer.open(v2, Device.cpu())) {
      assertTrue(Evaluator.evaluate(s, data.test, ProgressBar.silent()).map() > 0.9);
    }
  }

  @Test
  void resumesFromACheckpointInsteadOfStartingOver() throws Exception {
    Path ckpt = tmp.resolve("ckpt");
    TrainingConfig cfg = tinyConfig().toBuilder().epochs(2).checkpointDir(ckpt).build();
    new ModelTrainer(cfg, ProgressBar.silent())
        .train(data.train, data.val, data.vocabulary, null, tmp.resolve("r1"), "r1");
    assertTrue(Files.exists(ckpt.resolve("state.json")));
    long t0 = System.nanoTime();
    ModelArtifact again =
        new ModelTrainer(cfg, ProgressBar.silent())
            .train(data.train, data.val, data.vocabulary, null, tmp.resolve("r2"), "r2");
    // both epochs were restored, none re-run, and the best weights are the same
    assertEquals(2, again.info().training().history().size());
    assertEquals(
        ModelArtifact.load(tmp.resolve("r1")).info().files().get(TaggerNetwork.HEAD_PARAMS),
        again.info().files().get(TaggerNetwork.HEAD_PARAMS));
    assertNotNull(again.thresholds());
    assertTrue((System.nanoTime() - t0) / 1e9 < 30);
  }

  @Test
  void stopsEarlyOnePatienceAfterTheBestEpochAndKeepsIt() throws Exception {
    TrainingConfig cfg = tinyConfig().toBuilder().epochs(12).patience(1).build();
    ModelArtifact m =
        new ModelTrainer(cfg, ProgressBar.silent())
            .train(data.train, data.val, data.vocabulary, null, tmp.resolve("early"), "early");
    var history = m.info().training().history();
    int best = 0;
    for (int e = 1; e < history.size(); e++) {
      // every epoch before the last improved on the best so far, or patience 1 would have stopped
      // there
      assertTrue(
          e == history.size() - 1 || history.get(e).valMap() > history.get(best).valMap(),
          "epoch " + e);
      best = history.get(e).valMap() > history.get(best).valMap() ? e : best;
    }
    assertTrue(history.size() < 12, "stopped early, after " + history.size() + " epochs");
    assertEquals(history.size() - 2, best);
    assertEquals(best + 1, m.info().training().bestEpoch()); // epochs count from 1
    assertEquals(1, history.get(0).epoch());
  }

  @Test
  void anInterruptedRunResumesToTheWeightsOfAnUninterruptedOne() throws Exception {
    TrainingConfig cfg = tinyConfig().toBuilder().epochs(3).build();
    Path straightCkpt = tmp.resolve("ckpt-straight");
    ModelArtifact straight =
        new ModelTrainer(cfg.toBuilder().checkpointDir(straightCkpt).build(), ProgressBar.silent())
            .train(
                data.train, data.val, data.vocabulary, null, tmp.resolve("straight"), "straight");
    // a progress stream that fails one batch into epoch 3 stands in for a crash (kill, power loss)
    Path ckpt = tmp.resolve("ckpt-crash");
    ProgressBar crashing =
        new ProgressBar(
            new java.io.PrintStream(
                new java.io.OutputStream() {
                  private final StringBuilder seen = new StringBuilder();

                  @Override
                  public void write(int b) {
                    seen.append((char) b);
                    if (b == '\n' && seen.indexOf("epoch 3/3 [") >= 0) {
                      throw new IllegalStateException("simulated crash");
                    }
                  }
                },
                true),
            false);
    IllegalStateException crash =
        assertThrows(
            IllegalStateException.class,
            () ->
                new ModelTrainer(cfg.toBuilder().checkpointDir(ckpt).build(), crashing)
                    .train(
                        data.train,
                        data.val,
                        data.vocabulary,
                        null,
                        tmp.resolve("crashed"),
                        "crashed"));
    assertEquals("simulated crash", crash.getMessage());
    assertTrue(Files.notExists(tmp.resolve("crashed")));
    ModelArtifact resumed =
        new ModelTrainer(cfg.toBuilder().checkpointDir(ckpt).build(), ProgressBar.silent())
            .train(data.train, data.val, data.vocabulary, null, tmp.resolve("resumed"), "resumed");
    // same shuffles, augmentation, learning-rate step and Adam moments: bit-identical final and
    // best weights
    assertArrayEquals(
        Files.readAllBytes(straightCkpt.resolve(Checkpoint.LAST)),
        Files.readAllBytes(ckpt.resolve(Checkpoint.LAST)));
    assertEquals(straight.info().files(), resumed.info().files());
    assertEquals(3, resumed.info().training().history().size());
  }

  @Test
  void truncatedWeightsAreRejectedAtLoad() throws Exception {
    Path copy = copyOf(trained.dir(), tmp.resolve("truncated"));
    Path head = copy.resolve(TaggerNetwork.HEAD_PARAMS);
    byte[] bytes = Files.readAllBytes(head);
    Files.write(head, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    ArtifactException e = assertThrows(ArtifactException.class, () -> ModelArtifact.load(copy));
    assertTrue(e.getMessage().contains("head.params is truncated or corrupt"), e.getMessage());
    assertEquals(copy, e.dir());
  }

  @Test
  void inconsistentOrIncompleteArtifactsAreRejected() throws Exception {
    Path a = copyOf(trained.dir(), tmp.resolve("short-thresholds"));
    Files.writeString(a.resolve("thresholds.json"), "[0.5, 0.5]");
    assertTrue(
        assertThrows(ArtifactException.class, () -> ModelArtifact.load(a))
            .getMessage()
            .contains("thresholds.json has 2 values for 5 labels"));
    Path b = copyOf(trained.dir(), tmp.resolve("no-model-json"));
    Files.delete(b.resolve("model.json"));
    assertTrue(
        assertThrows(ArtifactException.class, () -> ModelArtifact.load(b))
            .getMessage()
            .endsWith("missing model.json"));
    Path c = copyOf(trained.dir(), tmp.resolve("other-labels"));
    Files.writeString(
        c.resolve("labels.json"),
        "[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"},"
            + "{\"name\":\"d\"},{\"name\":\"e\"}]");
    assertTrue(
        assertThrows(ArtifactException.class, () -> ModelArtifact.load(c))
            .getMessage()
            .contains("labelSetHash"));
    assertThrows(ArtifactException.class, () -> ModelArtifact.load(tmp.resolve("does-not-exist")));
  }

  @Test
  void leavesUnreadableImagesOutAndCountsThemInTheTrainingSummary() throws Exception {
    Path notAnImage = Files.writeString(tmp.resolve("not-an-image.png"), "<html>404</html>");
    List<ManifestEntry> train = new ArrayList<>(data.train);
    train.add(
        new ManifestEntry(
            "gone", tmp.resolve("gone.png").toUri().toString(), List.of("red"), List.of()));
    train.add(new ManifestEntry("html", notAnImage.toUri().toString(), List.of("blue"), List.of()));
    List<ManifestEntry> val = new ArrayList<>(data.val);
    val.add(
        new ManifestEntry("remote", "https://images.example/a.png", List.of("green"), List.of()));

    ModelArtifact a =
        new ModelTrainer(tinyConfig().toBuilder().epochs(1).build(), ProgressBar.silent())
            .train(train, val, data.vocabulary, null, tmp.resolve("unreadable"), "unreadable");

    assertEquals(3, a.info().training().unreadableImages());
    assertEquals(96, a.info().training().trainImages());
    assertEquals(48, a.info().training().valImages());
    assertEquals(
        3,
        ModelArtifact.load(a.dir()).info().training().unreadableImages()); // written to model.json
  }

  @Test
  void failsOnlyWhenUnreadableImagesLeaveNothingToValidateOn() {
    List<ManifestEntry> val =
        List.of(
            new ManifestEntry(
                "gone-1", tmp.resolve("gone-1.png").toUri().toString(), List.of("red"), List.of()),
            new ManifestEntry(
                "gone-2", tmp.resolve("gone-2.png").toString(), List.of("blue"), List.of()));
    NoUsableImagesException e =
        assertThrows(
            NoUsableImagesException.class,
            () ->
                new ModelTrainer(tinyConfig().toBuilder().epochs(1).build(), ProgressBar.silent())
                    .train(
                        data.train,
                        val,
                        data.vocabulary,
                        null,
                        tmp.resolve("nothing-to-validate"),
                        "nothing-to-validate"));
    assertEquals(
        "no usable images left: 96 training and 0 validation images readable, 2 unreadable",
        e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("nothing-to-validate")));
  }

  @Test
  void anErrorOtherThanAnUnreadableImageStillFailsTheTraining() {
    String broken = data.train.get(5).uri();
    ImageSource buggy =
        uri -> {
          if (uri.equals(broken)) {
            throw new IllegalStateException("a bug in the source");
          }
          return ImageLoader.load(uri);
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new ModelTrainer(
                        tinyConfig().toBuilder().epochs(1).build(),
                        ProgressBar.silent(),
                        null,
                        buggy)
                    .train(
                        data.train,
                        data.val,
                        data.vocabulary,
                        null,
                        tmp.resolve("buggy"),
                        "buggy"));
    assertEquals("a bug in the source", e.getMessage());
  }

  @Test
  void evaluationLeavesUnreadableImagesOut() {
    List<ManifestEntry> test = new ArrayList<>(data.test);
    test.add(
        3,
        new ManifestEntry(
            "gone", tmp.resolve("gone.png").toUri().toString(), List.of("red"), List.of()));
    try (Scorer s = Scorer.open(trained, Device.cpu())) {
      EvaluationReport withGap = Evaluator.evaluate(s, test, ProgressBar.silent());
      EvaluationReport plain = Evaluator.evaluate(s, data.test, ProgressBar.silent());
      assertEquals(48, withGap.images());
      // the rows that remain are exactly the readable images, in order: the same metrics to the
      // last bit
      assertEquals(plain.metrics(), withGap.metrics());
    }
  }

  @Test
  void anExistingVersionIsNeverOverwritten() {
    ArtifactException e =
        assertThrows(
            ArtifactException.class,
            () ->
                new ModelTrainer(tinyConfig().toBuilder().epochs(1).build(), ProgressBar.silent())
                    .train(data.train, data.val, data.vocabulary, null, trained.dir(), "v0001"));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
  }

  static Path copyOf(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return to;
  }
}
