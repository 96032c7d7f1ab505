package dev.tagstream.model.metrics;

/**
 * Precision@k and recall@k over images with at least one positive; ties broken by lower label
 * index.
 */
public final class TopK {
  private TopK() {}

  /** P@k = mean_i |topk(i) ∩ pos(i)| / k. */
  public static double precisionAt(float[][] scores, boolean[][] truth, int k) {
    return mean(scores, truth, k, true);
  }

  /** R@k = mean_i |topk(i) ∩ pos(i)| / |pos(i)|. */
  public static double recallAt(float[][] scores, boolean[][] truth, int k) {
    return mean(scores, truth, k, false);
  }

  private static double mean(float[][] scores, boolean[][] truth, int k, boolean precision) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      int pos = 0;
      for (boolean b : truth[i]) {
        pos += b ? 1 : 0;
      }
      if (pos == 0) {
        continue;
      }
      int hits = 0;
      for (int j : top(scores[i], k)) {
        hits += truth[i][j] ? 1 : 0;
      }
      sum += precision ? (double) hits / k : (double) hits / pos;
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Indices of the k largest scores, highest first (fewer if there are fewer labels). */
  public static int[] top(float[] s, int k) {
    int m = Math.min(k, s.length);
    int[] best = new int[m];
    boolean[] taken = new boolean[s.length];
    for (int r = 0; r < m; r++) {
      int arg = -1;
      for (int j = 0; j < s.length; j++) {
        if (!taken[j] && (arg < 0 || s[j] > s[arg])) {
          arg = j;
        }
      }
      taken[arg] = true;
      best[r] = arg;
    }
    return best;
  }
}
