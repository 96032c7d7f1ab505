package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * LL-R: AN, except the largest unknown losses (rate growing per epoch) are rejected: L = bce_known
 * + u*(1-r)*softplus(x).
 */
public final class LargeLossRejection extends LargeLossLoss {
  public LargeLossRejection(float delta, float max) {
    super("ll-r", delta, max);
  }

  @Override
  NDArray withSelected(NDArray rejected, NDArray x, NDArray selected) {
    return rejected;
  }
}
