package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Base of the partial-label losses: unpacks logits and the PartialLabels convention, asks the
 * subclass for a per-entry loss [B, C], and reduces it as sum over labels, mean over images
 * (DESIGN.md's L).
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

  /**
   * Loss of each (image, label) entry from logits x, targets t (0/1) and unknown mask u (0/1).
   * Numbers combined with anything derived from x go through {@link #constant}; t and u carry no
   * gradient and may use plain numbers.
   */
  protected abstract NDArray perEntry(NDArray x, NDArray t, NDArray u);

  /**
   * The number v as a constant for arithmetic on the gradient path: use it instead of a Java number
   * (x.mul(constant(x, w)), never x.mul(w)) in anything computed from the logits.
   *
   * <p>Why: DJL 0.36's PyTorch engine runs x.mul(0.5f) as x * s, where s is a 0-d tensor that
   * aliases a Java direct buffer (torch::from_blob) and is closed as soon as the op returns.
   * Autograd keeps s for the backward pass (mul, div, pow, maximum need it), but nothing keeps the
   * buffer reachable, so a GC between forward and backward frees it and backward reads whatever
   * reuses that memory: gradients turned into NaN or garbage at random, with fixed seeds.
   * NDManager.full allocates inside libtorch, so the saved tensor owns its memory.
   */
  protected static NDArray constant(NDArray like, float v) {
    return like.getManager().full(new Shape(), v, like.getDataType());
  }

  /** -log(sigmoid(x)), stable from logits (softplus(-x)); DJL has no logSigmoid. */
  static NDArray negLogP(NDArray x) {
    return Activation.softPlus(x.neg());
  }

  /** -log(1 - sigmoid(x)) = softplus(x). */
  static NDArray negLog1mP(NDArray x) {
    return Activation.softPlus(x);
  }

  /**
   * Full BCE on known entries: positives t*(-log p), confirmed negatives (1-t)(1-u)*(-log(1-p)).
   */
  static NDArray knownBce(NDArray x, NDArray t, NDArray u) {
    NDArray confirmedNeg = t.neg().add(1f).sub(u);
    return t.mul(negLogP(x)).add(confirmedNeg.mul(negLog1mP(x)));
  }
}
