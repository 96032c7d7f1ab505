package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/** LL-R: AN, except the largest unknown losses (rate growing per epoch) are rejected: L = bce_known + u*(1-r)*softplus(x). */
public final class LargeLossRejection extends PartialLabelLoss implements EpochScheduled {
  private final LargeLossSelector selector;

  public LargeLossRejection(float delta, float max) {
    super("ll-r");
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
    NDArray rejected = selector.select(neg, u);
    return knownBce(x, t, u).add(u.sub(rejected).mul(neg));
  }
}
