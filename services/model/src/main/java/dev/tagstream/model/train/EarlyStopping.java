package dev.tagstream.model.train;

import java.util.function.Consumer;

/**
 * Stops training once {@code patience} epochs have passed since the best one (DJL's {@code
 * EarlyStoppingListener} does the same on validation loss; here it is validation mAP, as {@link
 * BestEpoch} tracks it). It must run after {@link BestEpoch} in the listener order.
 */
final class EarlyStopping implements EpochListener {
  private final int patience;
  private final BestEpoch best;
  private final Consumer<String> say;
  private boolean stop;

  /**
   * @param patience epochs without a gain before stopping, at least 1
   */
  EarlyStopping(int patience, BestEpoch best, Consumer<String> say) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, got " + patience);
    }
    this.patience = patience;
    this.best = best;
    this.say = say;
  }

  @Override
  public void onEpoch(EpochEnd end) {
    stop = end.epoch() - best.epoch() >= patience;
    if (stop) {
      say.accept("early stop: no val mAP gain for " + patience + " epochs");
    }
  }

  @Override
  public boolean stopRequested() {
    return stop;
  }
}
