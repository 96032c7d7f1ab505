package dev.tagstream.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadExpansionTest {
  @TempDir Path dir;

  static Vocabulary vocabulary(String... names) {
    return Vocabulary.of(Arrays.stream(names).map(n -> new LabelDef(n, List.of())).toList());
  }

  @Test
  void keptLabelsKeepTheirRowsAtTheirNewIndexesThroughTrainerInitialisation() throws Exception {
    Vocabulary before = vocabulary("cat", "dog", "owl");
    Vocabulary after = vocabulary("cat", "owl", "lynx"); // dog dropped, lynx added
    Path file = dir.resolve("head.params");
    float[] oldWeight = {1, 2, 3, 4, 5, 6}; // 3 labels x 2 inputs, row-major
    float[] oldBias = {0.1f, 0.2f, 0.3f};
    try (NDManager m = NDManager.newBaseManager()) {
      Block old = TaggerNetwork.newHead(3);
      old.initialize(m, DataType.FLOAT32, new Shape(1, 2));
      old.getParameters().get("weight").getArray().set(oldWeight);
      old.getParameters().get("bias").getArray().set(oldBias);
      TaggerNetwork.save(old, file);
    }
    try (Model model = Model.newInstance("head")) {
      Block head = TaggerNetwork.newHead(after.size());
      model.setBlock(head);
      int kept = HeadExpansion.expand(head, model.getNDManager(), 2, file, before, after);
      assertEquals(2, kept);
      try (Trainer trainer =
          model.newTrainer(new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss()))) {
        trainer.initialize(new Shape(1, 2)); // must not initialise the copied rows again
      }
      NDArray w = head.getParameters().get("weight").getArray();
      NDArray b = head.getParameters().get("bias").getArray();
      assertArrayEquals(new float[] {1, 2}, w.get(0).toFloatArray()); // cat: row 0 -> 0
      assertArrayEquals(new float[] {5, 6}, w.get(1).toFloatArray()); // owl: row 2 -> 1
      assertArrayEquals(new float[] {0.1f, 0.3f}, Arrays.copyOf(b.toFloatArray(), 2));
      float[] lynx = w.get(2).toFloatArray();
      assertFalse(Arrays.equals(new float[] {0, 0}, lynx), "a new row is initialised, not zero");
      assertEquals(0f, b.toFloatArray()[2]); // Linear's bias starts at zero
      assertTrue(w.hasGradient(), "the trainer trains the expanded head");
    }
  }

  @Test
  void withNoLabelInCommonTheHeadIsLeftToStartFresh() throws Exception {
    Path file = dir.resolve("head.params");
    try (NDManager m = NDManager.newBaseManager()) {
      Block old = TaggerNetwork.newHead(2);
      old.initialize(m, DataType.FLOAT32, new Shape(1, 2));
      TaggerNetwork.save(old, file);
      Block head = TaggerNetwork.newHead(1);
      assertEquals(
          0, HeadExpansion.expand(head, m, 2, file, vocabulary("cat", "dog"), vocabulary("lynx")));
      assertFalse(head.isInitialized());
    }
  }
}
