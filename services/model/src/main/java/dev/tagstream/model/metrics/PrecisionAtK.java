package dev.tagstream.model.metrics;

/** Precision@k: P@k = mean over images with a positive of |topk ∩ pos| / k. */
public final class PrecisionAtK {
  private PrecisionAtK() {}

  public static double of(float[][] scores, boolean[][] truth, int k) {
    return TopK.precisionAt(scores, truth, k);
  }
}
