package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Base of the partial-label losses: unpacks logits and the PartialLabels convention, asks the subclass
 * for a per-entry loss [B, C], and reduces it as sum over labels, mean over images (DESIGN.md's L).
 */
public abstract class PartialLabelLoss extends Loss {
  protected PartialLabelLoss(String name) {
    super(name);
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray targets = PartialLabels.targets(labels);
    NDArray known = PartialLabels.known(labels);
    NDArray unknown = known.neg().add(1f);
    return perEntry(logits, targets, unknown).sum(new int[] {1}).mean();
  }

  /** Loss of each (image, label) entry from logits x, targets t (0/1) and unknown mask u (0/1). */
  protected abstract NDArray perEntry(NDArray x, NDArray t, NDArray u);

  /** -log(sigmoid(x)), stable from logits (softplus(-x)); DJL has no logSigmoid. */
  static NDArray negLogP(NDArray x) {
    return Activation.softPlus(x.neg());
  }

  /** -log(1 - sigmoid(x)) = softplus(x). */
  static NDArray negLog1mP(NDArray x) {
    return Activation.softPlus(x);
  }

  /** Full BCE on known entries: positives t*(-log p), confirmed negatives (1-t)(1-u)*(-log(1-p)). */
  static NDArray knownBce(NDArray x, NDArray t, NDArray u) {
    NDArray confirmedNeg = t.neg().add(1f).sub(u);
    return t.mul(negLogP(x)).add(confirmedNeg.mul(negLog1mP(x)));
  }
}
