package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/** Ignore: unknowns contribute nothing; L = t*softplus(-x) + confirmedNeg*softplus(x). */
public final class IgnoreUnknownLoss extends PartialLabelLoss {
  public IgnoreUnknownLoss() {
    super("ignore");
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    return knownBce(x, t, u);
  }
}
