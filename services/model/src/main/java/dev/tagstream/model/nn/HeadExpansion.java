package dev.tagstream.model.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.tagstream.model.labels.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A head for a changed label set, warm-started from the previous model's head: the row (weights and
 * bias) of every label the previous model had is copied to that label's new index; rows of new
 * labels keep their fresh, seeded initialisation; rows of dropped labels are left behind. Call it
 * before the trainer initialises the block, like a plain load: parameters that are set already are
 * not initialised again.
 */
public final class HeadExpansion {
  private HeadExpansion() {}

  /**
   * @return how many rows came from the previous head
   */
  public static int expand(
      Block head,
      NDManager manager,
      int embeddingDim,
      Path previousHead,
      Vocabulary previous,
      Vocabulary next)
      throws IOException, MalformedModelException {
    Shape input = new Shape(1, embeddingDim);
    head.initialize(manager, DataType.FLOAT32, input);
    NDArray weight = head.getParameters().get("weight").getArray();
    NDArray bias = head.getParameters().get("bias").getArray();
    int kept = 0;
    try (NDManager scratch = manager.newSubManager()) {
      Block old = TaggerNetwork.newHead(previous.size());
      old.initialize(scratch, DataType.FLOAT32, input);
      TaggerNetwork.load(old, scratch, previousHead);
      NDArray oldWeight = old.getParameters().get("weight").getArray();
      NDArray oldBias = old.getParameters().get("bias").getArray();
      for (int i = 0; i < next.size(); i++) {
        int j = previous.indexOf(next.name(i));
        if (j >= 0) {
          weight.set(new NDIndex(i), oldWeight.get(j));
          bias.set(new NDIndex(i), oldBias.get(j));
          kept++;
        }
      }
    }
    return kept;
  }
}
