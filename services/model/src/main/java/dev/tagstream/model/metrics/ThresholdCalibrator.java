package dev.tagstream.model.metrics;

/**
 * Per-label decision thresholds from validation scores: the F1-maximising threshold for labels with
 * at least minPositives positives; the others share one global threshold that maximises micro F1
 * over all entries, because a per-label optimum on 1-2 examples is noise.
 */
public final class ThresholdCalibrator {
  private final int minPositives;

  public ThresholdCalibrator(int minPositives) {
    this.minPositives = minPositives;
  }

  public float[] calibrate(float[][] scores, boolean[][] truth) {
    int c = truth.length == 0 ? 0 : truth[0].length;
    int n = scores.length;
    float global = bestThreshold(flatten(scores, n, c), flattenTruth(truth, n, c));
    float[] thr = new float[c];
    float[] col = new float[n];
    boolean[] pos = new boolean[n];
    for (int j = 0; j < c; j++) {
      int p = 0;
      for (int i = 0; i < n; i++) {
        col[i] = scores[i][j];
        pos[i] = truth[i][j];
        p += pos[i] ? 1 : 0;
      }
      thr[j] = p >= minPositives ? bestThreshold(col, pos) : global;
    }
    return thr;
  }

  /**
   * Threshold t (one of the scores) maximising F1 = 2TP/(k + P) for "predict iff score >= t", k =
   * #predicted; ties go to the higher threshold. With no positive at all: 1.0 (never worse than
   * predicting noise).
   */
  public static float bestThreshold(float[] scores, boolean[] positive) {
    int totalPos = 0;
    for (boolean b : positive) {
      totalPos += b ? 1 : 0;
    }
    if (totalPos == 0) {
      return 1.0f;
    }
    Integer[] order = AveragePrecision.descending(scores);
    double best = -1;
    float bestT = 1.0f;
    int tp = 0;
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j < order.length && Float.compare(scores[order[j]], scores[order[i]]) == 0) {
        tp += positive[order[j]] ? 1 : 0;
        j++;
      }
      double f1 = 2.0 * tp / (j + totalPos);
      if (f1 > best) {
        best = f1;
        bestT = scores[order[i]];
      }
      i = j;
    }
    return bestT;
  }

  private static float[] flatten(float[][] s, int n, int c) {
    float[] out = new float[n * c];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s[i], 0, out, i * c, c);
    }
    return out;
  }

  private static boolean[] flattenTruth(boolean[][] t, int n, int c) {
    boolean[] out = new boolean[n * c];
    for (int i = 0; i < n; i++) {
      System.arraycopy(t[i], 0, out, i * c, c);
    }
    return out;
  }
}
