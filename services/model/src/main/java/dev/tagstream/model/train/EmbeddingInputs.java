package dev.tagstream.model.train;

import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Precomputed embeddings as inputs (no augmentation: the view was fixed when the embedding was
 * cached).
 */
final class EmbeddingInputs implements Inputs {
  private final float[][] embeddings;

  EmbeddingInputs(float[][] embeddings) {
    this.embeddings = embeddings;
  }

  @Override
  public Shape shape(int n) {
    return new Shape(n, embeddings[0].length);
  }

  @Override
  public float[] batch(int[] idx, Random r, boolean train) {
    return Batches.rows(embeddings, idx);
  }
}
