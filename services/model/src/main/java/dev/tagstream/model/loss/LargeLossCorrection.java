package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/** LL-Ct: like LL-R, but the selected unknowns are relabelled positive for this step: + r*softplus(-x). */
public final class LargeLossCorrection extends PartialLabelLoss implements EpochScheduled {
  private final LargeLossSelector selector;

  public LargeLossCorrection(float delta, float max) {
    super("ll-ct");
    this.selector = new LargeLossSelector(delta, max);
  }

  @Override
  public void setEpoch(int epoch) {
    selector.setEpoch(epoch);
  }

  public float rate() {
    return selector.rate();
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    NDArray neg = negLog1mP(x);
    NDArray corrected = selector.select(neg, u);
    return knownBce(x, t, u).add(u.sub(corrected).mul(neg)).add(corrected.mul(negLogP(x)));
  }
}
