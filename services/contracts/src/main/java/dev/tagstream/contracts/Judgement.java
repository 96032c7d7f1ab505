package dev.tagstream.contracts;

/**
 * How a confirmation judges a prediction of one label: the one rule for online quality, shared by
 * the feedback service's live meters and ingest's label history, so the two never count a case
 * differently.
 */
public enum Judgement {
  /** Predicted, confirmed positive. */
  TP,
  /** Predicted, confirmed negative. */
  FP,
  /** Not predicted, confirmed positive. */
  FN,
  /** Not predicted, confirmed negative. */
  TN;

  /** predicted ∧ positive → TP; predicted ∧ ¬positive → FP; ¬predicted ∧ positive → FN; else TN */
  public static Judgement of(boolean predicted, boolean positive) {
    return predicted ? (positive ? TP : FP) : (positive ? FN : TN);
  }

  /** Counts of one model version; precision and recall are NaN until they have a denominator. */
  public record Tally(
      long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {
    public static final Tally ZERO = new Tally(0, 0, 0, 0);

    /** The tally with one more judgement. */
    public Tally plus(Judgement j) {
      return new Tally(
          truePositives + (j == TP ? 1 : 0),
          falsePositives + (j == FP ? 1 : 0),
          falseNegatives + (j == FN ? 1 : 0),
          trueNegatives + (j == TN ? 1 : 0));
    }

    /** Both tallies' cases together. */
    public Tally plus(Tally o) {
      return new Tally(
          truePositives + o.truePositives,
          falsePositives + o.falsePositives,
          falseNegatives + o.falseNegatives,
          trueNegatives + o.trueNegatives);
    }

    /** precision = TP / (TP + FP), NaN without a predicted case */
    public double precision() {
      long d = truePositives + falsePositives;
      return d == 0 ? Double.NaN : (double) truePositives / d;
    }

    /** recall = TP / (TP + FN), NaN without a confirmed positive */
    public double recall() {
      long d = truePositives + falseNegatives;
      return d == 0 ? Double.NaN : (double) truePositives / d;
    }

    /** How many judgements the tally holds. */
    public long total() {
      return truePositives + falsePositives + falseNegatives + trueNegatives;
    }
  }
}
