package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * EM (Zhou 2022): known entries BCE; unknowns -alpha * H(p), H(p) = p*softplus(-x) +
 * (1-p)*softplus(x).
 */
public final class EntropyMaximizationLoss extends PartialLabelLoss {
  private final float alpha;

  public EntropyMaximizationLoss(float alpha) {
    super("em");
    this.alpha = alpha;
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    NDArray p = Activation.sigmoid(x);
    NDArray entropy = p.mul(negLogP(x)).add(p.neg().add(constant(x, 1f)).mul(negLog1mP(x)));
    return knownBce(x, t, u).sub(u.mul(entropy).mul(constant(x, alpha)));
  }
}
