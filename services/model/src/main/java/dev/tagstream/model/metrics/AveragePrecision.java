package dev.tagstream.model.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Exact average precision of one label; tied scores form one threshold step (as scikit-learn does).
 */
public final class AveragePrecision {
  private AveragePrecision() {}

  /**
   * AP = sum over distinct thresholds t (descending) of (R_t - R_prev) * P_t; NaN when there is no
   * positive.
   */
  public static double of(float[] scores, boolean[] positive) {
    int n = scores.length;
    int totalPos = 0;
    for (boolean p : positive) {
      totalPos += p ? 1 : 0;
    }
    if (totalPos == 0) {
      return Double.NaN;
    }
    Integer[] order = descending(scores);
    double ap = 0;
    int tp = 0;
    int seen = 0;
    int prevTp = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && Float.compare(scores[order[j]], scores[order[i]]) == 0) {
        tp += positive[order[j]] ? 1 : 0;
        j++;
      }
      seen = j;
      ap += (double) (tp - prevTp) / totalPos * tp / seen;
      prevTp = tp;
      i = j;
    }
    return ap;
  }

  /**
   * Indices by descending score; NaN ranks last (and ties only with NaN) so a diverged model cannot
   * hang this.
   */
  static Integer[] descending(float[] scores) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.comparingDouble(
            (Integer i) -> Float.isNaN(scores[i]) ? Double.POSITIVE_INFINITY : -scores[i]));
    return order;
  }
}
