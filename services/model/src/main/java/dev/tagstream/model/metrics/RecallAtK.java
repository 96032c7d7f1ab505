package dev.tagstream.model.metrics;

/** Recall@k: R@k = mean over images with a positive of |topk ∩ pos| / |pos|. */
public final class RecallAtK {
  private RecallAtK() {}

  public static double of(float[][] scores, boolean[][] truth, int k) {
    return TopK.recallAt(scores, truth, k);
  }
}
