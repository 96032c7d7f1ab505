package dev.tagstream.model.train;

/**
 * The epoch with the highest validation mAP so far, with its weights and validation probabilities.
 * The first epoch seen is best when none is known yet; a later one must beat it strictly, so ties
 * keep the earlier epoch.
 */
final class BestEpoch implements EpochListener {
  private int epoch;
  private double map;
  private byte[] weights;
  private float[][] valProbs;

  /**
   * @param epoch the best epoch so far (-1: none yet) with its {@code map} and {@code weights}
   */
  BestEpoch(int epoch, double map, byte[] weights) {
    this.epoch = epoch;
    this.map = map;
    this.weights = weights;
  }

  /** Before any epoch: the starting weights stand in as best until an epoch is seen. */
  static BestEpoch none(byte[] startingWeights) {
    return new BestEpoch(-1, Double.NEGATIVE_INFINITY, startingWeights);
  }

  @Override
  public void onEpoch(EpochEnd end) {
    if (end.record().valMap() > map || epoch < 0) {
      map = end.record().valMap();
      epoch = end.epoch();
      weights = end.weights().get();
      valProbs = end.valProbs();
    }
  }

  int epoch() {
    return epoch;
  }

  double map() {
    return map;
  }

  byte[] weights() {
    return weights;
  }

  /**
   * The best epoch's validation probabilities when it was seen by this run (null: it predates a
   * resume).
   */
  float[][] valProbs() {
    return valProbs;
  }
}
