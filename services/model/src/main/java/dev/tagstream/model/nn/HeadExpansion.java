package dev.tagstream.model.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.tagstream.model.labels.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A head for a changed label set, warm-started from the previous model's head: the row (weights and
 * bias) of every label the previous model had is copied to that label's new index; rows of new
 * labels get a fresh, seeded initialisation; rows of dropped labels are left behind. Call it on a
 * head that is not initialised yet, before the trainer initialises the block, like a plain load:
 * the arrays are set whole (never changed in place, which autograd refuses on a parameter), and the
 * trainer keeps and trains parameters that are set already.
 */
public final class HeadExpansion {
  private HeadExpansion() {}

  /**
   * @return how many rows came from the previous head; 0 leaves {@code head} untouched (nothing to
   *     keep: the trainer initialises it as a fresh head)
   */
  public static int expand(
      Block head,
      NDManager manager,
      int embeddingDim,
      Path previousHead,
      Vocabulary previous,
      Vocabulary next)
      throws IOException, MalformedModelException {
    int kept = 0;
    for (int i = 0; i < next.size(); i++) {
      kept += previous.contains(next.name(i)) ? 1 : 0;
    }
    if (kept == 0) {
      return 0;
    }
    float[] weight;
    float[] bias;
    float[] oldWeight;
    float[] oldBias;
    try (NDManager scratch = manager.newSubManager()) {
      Block fresh = TaggerNetwork.newHead(next.size());
      fresh.initialize(scratch, DataType.FLOAT32, new Shape(1, embeddingDim));
      weight = fresh.getParameters().get("weight").getArray().toFloatArray();
      bias = fresh.getParameters().get("bias").getArray().toFloatArray();
      Block old = TaggerNetwork.newHead(previous.size());
      TaggerNetwork.load(old, scratch, previousHead);
      oldWeight = old.getParameters().get("weight").getArray().toFloatArray();
      oldBias = old.getParameters().get("bias").getArray().toFloatArray();
    }
    for (int i = 0; i < next.size(); i++) {
      int j = previous.indexOf(next.name(i));
      if (j >= 0) {
        System.arraycopy(oldWeight, j * embeddingDim, weight, i * embeddingDim, embeddingDim);
        bias[i] = oldBias[j];
      }
    }
    head.getParameters()
        .get("weight")
        .setArray(manager.create(weight, new Shape(next.size(), embeddingDim)));
    head.getParameters().get("bias").setArray(manager.create(bias, new Shape(next.size())));
    return kept;
  }
}
