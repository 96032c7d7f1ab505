package dev.tagstream.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The one place that defines the label NDList convention for every loss here: index 0 = targets [B,
 * C] (1 = positive, else 0), index 1 = known mask [B, C] (1 = positive or confirmed negative, 0 =
 * unknown). A target of 1 implies known = 1.
 */
public final class PartialLabels {
  public static final int TARGETS = 0;
  public static final int KNOWN = 1;

  private PartialLabels() {}

  public static NDList of(NDArray targets, NDArray known) {
    return new NDList(targets, known);
  }

  public static NDArray targets(NDList labels) {
    return labels.get(TARGETS);
  }

  public static NDArray known(NDList labels) {
    return labels.get(KNOWN);
  }
}
