package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * The large-loss family (Kim et al. 2022): unknowns are negatives, except the largest unknown
 * losses, a share growing per epoch, which a subclass rejects or corrects. Holds the shared
 * selection and schedule.
 */
abstract class LargeLossLoss extends PartialLabelLoss implements EpochScheduled {
  private final LargeLossSelector selector;

  LargeLossLoss(String name, float delta, float max) {
    super(name);
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
    NDArray selected = selector.select(neg, u);
    return withSelected(knownBce(x, t, u).add(u.sub(selected).mul(neg)), x, selected);
  }

  /**
   * The loss with the selected entries (mask r) rejected, plus whatever they contribute instead.
   */
  abstract NDArray withSelected(NDArray rejected, NDArray x, NDArray selected);
}
