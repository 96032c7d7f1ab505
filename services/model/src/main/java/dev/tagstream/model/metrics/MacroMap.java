package dev.tagstream.model.metrics;

/**
 * Macro mAP: mean of per-label AP over the labels with at least one positive; scores[image][label].
 */
public final class MacroMap {
  private MacroMap() {}

  /** mAP = (1/|L+|) sum_{c in L+} AP_c, L+ = labels with >= 1 positive; NaN if L+ is empty. */
  public static double of(float[][] scores, boolean[][] truth) {
    double[] ap = perLabel(scores, truth);
    double sum = 0;
    int n = 0;
    for (double a : ap) {
      if (!Double.isNaN(a)) {
        sum += a;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * mAP over the labels where {@code include} is true (and that have a positive); NaN if there are
   * none.
   */
  public static double of(float[][] scores, boolean[][] truth, boolean[] include) {
    double[] ap = perLabel(scores, truth);
    double sum = 0;
    int n = 0;
    for (int j = 0; j < ap.length; j++) {
      if (include[j] && !Double.isNaN(ap[j])) {
        sum += ap[j];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** AP of every label (NaN where the label has no positive). */
  public static double[] perLabel(float[][] scores, boolean[][] truth) {
    int c = truth.length == 0 ? 0 : truth[0].length;
    double[] ap = new double[c];
    float[] col = new float[scores.length];
    boolean[] pos = new boolean[scores.length];
    for (int j = 0; j < c; j++) {
      for (int i = 0; i < scores.length; i++) {
        col[i] = scores[i][j];
        pos[i] = truth[i][j];
      }
      ap[j] = AveragePrecision.of(col, pos);
    }
    return ap;
  }
}
