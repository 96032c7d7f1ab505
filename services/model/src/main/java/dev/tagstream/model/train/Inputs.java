package dev.tagstream.model.train;

import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Model inputs of a dataset by row index: images for end-to-end training, embeddings for head-only.
 */
interface Inputs {
  /** Shape of a batch of n rows. */
  Shape shape(int n);

  /** Flattened inputs of rows idx; with train=true an augmented view drawn from r. */
  float[] batch(int[] idx, Random r, boolean train);
}
