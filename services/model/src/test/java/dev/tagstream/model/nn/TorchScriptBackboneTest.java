package dev.tagstream.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.model.artifact.ArtifactJson;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.ImageLoader;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.infer.Scorer;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.train.EvaluationReport;
import dev.tagstream.model.train.Evaluator;
import dev.tagstream.model.train.ModelTrainer;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TinyDataset;
import dev.tagstream.model.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript backbone written by PyTorch (scripts/torchscript_backbone.py, seed 7, 32 px, width
 * 16): described, run exactly as PyTorch runs it, trained frozen (head-only) and fine-tuned, saved,
 * reloaded and served.
 */
class TorchScriptBackboneTest {
  @TempDir static Path tmp;
  static Path moduleFile;
  static TinyDataset data;

  @BeforeAll
  static void setUp() throws Exception {
    moduleFile = tmp.resolve("small-backbone.pt");
    try (var in =
        TorchScriptBackboneTest.class.getResourceAsStream("/backbones/small-backbone.pt")) {
      Files.copy(in, moduleFile);
    }
    data = TinyDataset.create(Files.createDirectories(tmp.resolve("data")), 96, 48);
  }

  static TrainingConfig config(BackboneSpec spec, boolean headOnly, Path cache) {
    return TrainingConfig.builder(LossSpec.of("weighted"))
        .backbone(spec)
        .epochs(4)
        .batchSize(16)
        .learningRate(1e-2)
        .warmupEpochs(1)
        .augment(false)
        .patience(0)
        .headOnly(headOnly, cache)
        .build();
  }

  @Test
  void describesTheModuleByRunningIt() {
    BackboneSpec spec = Backbones.describeTorchScript(moduleFile, 32);
    assertEquals(BackboneSpec.TORCHSCRIPT, spec.type());
    assertEquals(32, spec.inputSize());
    assertEquals(32, spec.embeddingDim());
    assertEquals(Backbones.TORCHSCRIPT_FILE, spec.file());
  }

  @Test
  void embeddingsMatchPyTorch() throws Exception {
    // x[i] = sin(0.37 i) over [1, 3, 32, 32]; expected values printed by /usr/bin/python3 with
    // torch 1.13
    float[] x = new float[3 * 32 * 32];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.37 * i);
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Block b = Backbones.load(Backbones.describeTorchScript(moduleFile, 32), moduleFile, m, false);
      float[] e =
          b.forward(
                  new ParameterStore(m, false),
                  new NDList(m.create(x, new Shape(1, 3, 32, 32))),
                  false)
              .singletonOrThrow()
              .toFloatArray();
      assertEquals(32, e.length);
      assertArrayEquals(
          new float[] {0.0833139f, 0.0131364f, 0.0594613f, 0.1654811f, 0.0038751f, 0.1403100f},
          Arrays.copyOf(e, 6),
          1e-5f);
    }
  }

  @Test
  void aFileThatIsNotABackboneIsRejectedClearly() throws Exception {
    Path text = Files.writeString(tmp.resolve("not-a-module.pt"), "hello");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Backbones.describeTorchScript(text, 32));
    assertTrue(
        e.getMessage().contains("cannot use " + text + " as a TorchScript backbone"),
        e.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> Backbones.describeTorchScript(tmp.resolve("absent.pt"), 32));
    assertTrue(missing.getMessage().contains("no TorchScript file"), missing.getMessage());
  }

  @Test
  void frozenBackboneTrainsTheHeadAndIsStoredByteForByte() throws Exception {
    BackboneSpec spec = Backbones.describeTorchScript(moduleFile, 32);
    Path cache = tmp.resolve("frozen-emb.bin");
    ModelArtifact a =
        new ModelTrainer(config(spec, true, cache), ProgressBar.silent(), moduleFile)
            .train(
                data.train, data.val, data.vocabulary, null, tmp.resolve("frozen/v0001"), "v0001");
    assertEquals(spec, a.info().backbone());
    assertEquals(ArtifactJson.sha256(moduleFile), a.info().files().get(Backbones.TORCHSCRIPT_FILE));
    assertArrayEquals(
        Files.readAllBytes(moduleFile), Files.readAllBytes(a.file(Backbones.TORCHSCRIPT_FILE)));
    assertFalse(Files.exists(a.dir().resolve(TaggerNetwork.BACKBONE_PARAMS)));
    assertServesAndReloadsIdentically(a);
  }

  @Test
  void fineTuningChangesTheModuleAndTheSavedModuleReloads() throws Exception {
    BackboneSpec spec = Backbones.describeTorchScript(moduleFile, 32);
    ModelArtifact a =
        new ModelTrainer(config(spec, false, null), ProgressBar.silent(), moduleFile)
            .train(
                data.train, data.val, data.vocabulary, null, tmp.resolve("tuned/v0001"), "v0001");
    assertFalse(a.info().training().headOnly());
    // the module's weights moved: the saved file is a different module
    assertFalse(
        ArtifactJson.sha256(moduleFile).equals(a.info().files().get(Backbones.TORCHSCRIPT_FILE)));
    assertServesAndReloadsIdentically(a);
    // a warm start from the fine-tuned artifact continues from its module
    ModelArtifact b =
        new ModelTrainer(
                config(spec, true, null).toBuilder().epochs(2).build(), ProgressBar.silent())
            .train(data.train, data.val, data.vocabulary, a, tmp.resolve("tuned/v0002"), "v0002");
    assertEquals(
        a.info().files().get(Backbones.TORCHSCRIPT_FILE),
        b.info().files().get(Backbones.TORCHSCRIPT_FILE));
  }

  private static void assertServesAndReloadsIdentically(ModelArtifact a) {
    List<float[]> images = new ArrayList<>();
    try (Scorer s = Scorer.open(a, Device.cpu())) {
      for (ManifestEntry e : data.test.subList(0, 8)) {
        images.add(s.preprocessor().toTensorData(ImageLoader.load(e.uri())));
      }
      List<float[]> first = s.score(images).probabilities();
      EvaluationReport r = Evaluator.evaluate(s, data.test, ProgressBar.silent());
      // constant scores give AP = prevalence: about 0.33 for a colour, 0.5 for striped, 1.0 for
      // colour
      assertTrue(r.map() > 0.8, "test mAP " + r.map());
      try (Scorer again = Scorer.open(ModelArtifact.load(a.dir()), Device.cpu())) {
        List<float[]> second = again.score(images).probabilities();
        for (int i = 0; i < first.size(); i++) {
          assertArrayEquals(first.get(i), second.get(i), 0f);
        }
      }
    }
  }
}
