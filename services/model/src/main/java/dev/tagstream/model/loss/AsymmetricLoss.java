package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * ASL (Ridnik 2021) on unknowns: pos (1-p)^g+ * -log p; unknown pm^g- * -log(1-pm), pm = max(p-m,
 * 0); confirmed negatives full BCE.
 */
public final class AsymmetricLoss extends PartialLabelLoss {
  private final float gammaPos;
  private final float gammaNeg;
  private final float margin;

  public AsymmetricLoss(float gammaPos, float gammaNeg, float margin) {
    super("asl");
    this.gammaPos = gammaPos;
    this.gammaNeg = gammaNeg;
    this.margin = margin;
  }

  @Override
  protected NDArray perEntry(NDArray x, NDArray t, NDArray u) {
    NDArray confirmedNeg = t.neg().add(1f).sub(u);
    // (1 - p) = sigmoid(-x): exact from logits
    NDArray pos = Activation.sigmoid(x.neg()).pow(constant(x, gammaPos)).mul(negLogP(x));
    NDArray unk;
    if (margin > 0) {
      // 1 - pm >= margin, so the log is bounded: stable without the logits form
      NDArray pm = Activation.sigmoid(x).sub(constant(x, margin)).maximum(constant(x, 0f));
      unk = pm.pow(constant(x, gammaNeg)).mul(pm.neg().add(constant(x, 1f)).log().neg());
    } else {
      unk = Activation.sigmoid(x).pow(constant(x, gammaNeg)).mul(negLog1mP(x));
    }
    return t.mul(pos).add(confirmedNeg.mul(negLog1mP(x))).add(u.mul(unk));
  }
}
