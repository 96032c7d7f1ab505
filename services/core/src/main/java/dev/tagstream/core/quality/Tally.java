package dev.tagstream.core.quality;

/**
 * Judged counts of one model version; precision, recall and F1 are NaN until they have a
 * denominator (undefined, not zero).
 */
public record Tally(
    long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {
  public static final Tally EMPTY = new Tally(0, 0, 0, 0);

  public Tally plus(Outcome o) {
    return switch (o) {
      case TP -> new Tally(truePositives + 1, falsePositives, falseNegatives, trueNegatives);
      case FP -> new Tally(truePositives, falsePositives + 1, falseNegatives, trueNegatives);
      case FN -> new Tally(truePositives, falsePositives, falseNegatives + 1, trueNegatives);
      case TN -> new Tally(truePositives, falsePositives, falseNegatives, trueNegatives + 1);
    };
  }

  /** Confirmations that judged this version: TP + FP + FN + TN. */
  public long judged() {
    return truePositives + falsePositives + falseNegatives + trueNegatives;
  }

  /** TP / (TP + FP). */
  public double precision() {
    long d = truePositives + falsePositives;
    return d == 0 ? Double.NaN : (double) truePositives / d;
  }

  /** TP / (TP + FN). */
  public double recall() {
    long d = truePositives + falseNegatives;
    return d == 0 ? Double.NaN : (double) truePositives / d;
  }

  /** 2 TP / (2 TP + FP + FN): the harmonic mean of precision and recall, NaN with no TP/FP/FN. */
  public double f1() {
    long d = 2 * truePositives + falsePositives + falseNegatives;
    return d == 0 ? Double.NaN : 2.0 * truePositives / d;
  }
}
