package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Weighted BCE: L = w_p*t*softplus(-x) + confirmedNeg*softplus(x) + w_n*u*softplus(x); WAN is w_n =
 * 1/(C-1).
 */
public final class WeightedBinaryCrossEntropy extends PartialLabelLoss {
  private final float wp;
  private final float wn;

  public WeightedBinaryCrossEntropy(String name, float wp, float wn) {
    super(name);
    this.wp = wp;
    this.wn = wn;
  }

  public WeightedBinaryCrossEntropy(float wp, float wn) {
    this("weighted", wp, wn);
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    NDArray confirmedNeg = t.neg().add(1f).sub(u);
    NDArray neg = negLog1mP(x);
    return t.mul(negLogP(x))
        .mul(constant(x, wp))
        .add(confirmedNeg.mul(neg))
        .add(u.mul(neg).mul(constant(x, wn)));
  }
}
