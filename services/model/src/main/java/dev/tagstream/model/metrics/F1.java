package dev.tagstream.model.metrics;

/** Micro and macro F1 when label c is predicted iff score >= threshold[c]. */
public final class F1 {
  private F1() {}

  /** F1 = 2TP / (2TP + FP + FN); 0 when the denominator is 0. */
  public static double of(long tp, long fp, long fn) {
    long d = 2 * tp + fp + fn;
    return d == 0 ? 0 : 2.0 * tp / d;
  }

  /** Micro F1: TP, FP, FN pooled over all labels and images. */
  public static double micro(float[][] scores, boolean[][] truth, float[] thresholds) {
    long[][] c = counts(scores, truth, thresholds);
    long tp = 0, fp = 0, fn = 0;
    for (long[] k : c) {
      tp += k[0];
      fp += k[1];
      fn += k[2];
    }
    return of(tp, fp, fn);
  }

  /** Macro F1: mean of per-label F1 over labels with at least one positive (as macro mAP). */
  public static double macro(float[][] scores, boolean[][] truth, float[] thresholds) {
    long[][] c = counts(scores, truth, thresholds);
    double sum = 0;
    int n = 0;
    for (long[] k : c) {
      if (k[0] + k[2] > 0) {
        sum += of(k[0], k[1], k[2]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Per label: {TP, FP, FN}. */
  static long[][] counts(float[][] scores, boolean[][] truth, float[] thresholds) {
    long[][] c = new long[thresholds.length][3];
    for (int i = 0; i < scores.length; i++) {
      for (int j = 0; j < thresholds.length; j++) {
        boolean pred = scores[i][j] >= thresholds[j];
        if (pred && truth[i][j]) {
          c[j][0]++;
        } else if (pred) {
          c[j][1]++;
        } else if (truth[i][j]) {
          c[j][2]++;
        }
      }
    }
    return c;
  }
}
