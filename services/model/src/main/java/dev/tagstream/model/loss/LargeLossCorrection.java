package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * LL-Ct: like LL-R, but the selected unknowns are relabelled positive for this step: +
 * r*softplus(-x).
 */
public final class LargeLossCorrection extends LargeLossLoss {
  public LargeLossCorrection(float delta, float max) {
    super("ll-ct", delta, max);
  }

  @Override
  NDArray withSelected(NDArray rejected, NDArray x, NDArray selected) {
    return rejected.add(selected.mul(negLogP(x)));
  }
}
