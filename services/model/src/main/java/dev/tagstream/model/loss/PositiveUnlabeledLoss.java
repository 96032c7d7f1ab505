package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;

/**
 * Unbiased positive-unlabeled risk for labels that are missing at random (Elkan and Noto's label
 * frequency e_c = P(observed | positive), one per label), with the logistic loss and scaled by e_c
 * so unknowns keep weight e_c.
 *
 * <p>Why it adds positives where reweighting negatives cannot: an observed positive stands for
 * 1/e_c positives, and each of them should not also be counted negative, so its term is
 * (1/e)softplus(-x) + (1 - 1/e)softplus(x); since softplus(-x) - softplus(x) = -x this is
 * softplus(x) - x/e. Multiplying the whole risk by e gives the form below. Confirmed negatives are
 * certain, so they keep full weight.
 */
public final class PositiveUnlabeledLoss extends PartialLabelLoss {
  private final float[] labelFrequency;

  /** labelFrequency[c] = e_c in (0, 1]: the share of label c's positives that are observed. */
  public PositiveUnlabeledLoss(float[] labelFrequency) {
    super("pu");
    for (float e : labelFrequency) {
      if (!(e > 0f && e <= 1f)) {
        throw new IllegalArgumentException(
            "pu: every label frequency e must be in (0, 1], got " + e);
      }
    }
    this.labelFrequency = labelFrequency.clone();
  }

  // L = t*(-x) + e*(t+u)*softplus(x) + (1-t-u)*softplus(x)
  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    if (x.getShape().get(1) != labelFrequency.length) {
      throw new IllegalArgumentException(
          "pu: "
              + labelFrequency.length
              + " label frequencies for "
              + x.getShape().get(1)
              + " labels");
    }
    // duplicate(): a copy libtorch owns, so autograd's saved operand never aliases Java memory (see
    // constant)
    NDArray e = x.getManager().create(labelFrequency).duplicate();
    NDArray tu = t.add(u);
    NDArray confirmedNeg = tu.neg().add(1f);
    NDArray neg = negLog1mP(x);
    return t.mul(x.neg()).add(neg.mul(tu.mul(e))).add(neg.mul(confirmedNeg));
  }
}
