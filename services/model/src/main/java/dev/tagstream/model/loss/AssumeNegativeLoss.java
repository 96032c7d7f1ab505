package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/** AN: unknown = negative; L = t*softplus(-x) + (1-t)*softplus(x) (plain BCE). */
public final class AssumeNegativeLoss extends PartialLabelLoss {
  public AssumeNegativeLoss() {
    super("an");
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    return knownBce(x, t, u).add(u.mul(negLog1mP(x)));
  }
}
