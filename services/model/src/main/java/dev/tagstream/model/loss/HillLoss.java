package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Hill (Zhang 2021): positives BCE, unknowns (lambda - p) * p^2, confirmed negatives full BCE. */
public final class HillLoss extends PartialLabelLoss {
  private final float lambda;

  public HillLoss(float lambda) {
    super("hill");
    this.lambda = lambda;
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    NDArray p = Activation.sigmoid(x);
    NDArray hill = p.neg().add(constant(x, lambda)).mul(p.square());
    return knownBce(x, t, u).add(u.mul(hill));
  }
}
