package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Shared by LL-R and LL-CT (Kim 2022): marks the k = floor(rate * #unknown) unknown entries of the
 * batch with the largest assume-negative loss; rate = min(max, delta * epoch), so epoch 0 marks
 * none. Entries tied with the k-th largest loss are all marked.
 */
final class LargeLossSelector implements EpochScheduled {
  private final float delta;
  private final float max;
  private int epoch;

  LargeLossSelector(float delta, float max) {
    this.delta = delta;
    this.max = max;
  }

  @Override
  public void setEpoch(int epoch) {
    this.epoch = epoch;
  }

  float rate() {
    return Math.min(max, delta * epoch);
  }

  /** 0/1 mask [B, C] of the selected unknown entries; no gradient flows through the selection. */
  NDArray select(NDArray unknownLoss, NDArray u) {
    NDArray loss = unknownLoss.stopGradient();
    long unknownCount = (long) u.sum().getFloat();
    int k = (int) Math.floor(rate() * unknownCount);
    if (k <= 0) {
      return u.zerosLike();
    }
    // known entries get -1 so they never rank above an unknown one (losses are >= 0)
    NDArray ranked = loss.mul(u).add(u.sub(1f));
    NDArray sorted = ranked.flatten().sort();
    float threshold = sorted.get(sorted.size() - k).getFloat();
    return ranked.gte(threshold).toType(u.getDataType(), false).mul(u);
  }
}
