package dev.tagstream.bench;

import dev.tagstream.model.loss.LossSpec;
import java.util.List;

/**
 * A benchmarked method: a name, the loss settings its grid tries (each at every learning rate), and
 * a one-line idea. {@code full} trains on full labels (the upper bound); {@code st} is
 * self-training on top of the best other method; {@code knn} retrains the best other method on
 * labels enlarged by neighbours in embedding space; {@code hs} rescores the best other method's
 * probabilities through the hierarchy (no training).
 */
record Method(String name, List<LossSpec> losses, String idea) {
  static final String FULL = "full";
  static final String SELF_TRAINING = "st";
  static final String HIERARCHY_SMOOTHING = "hs";
  static final String NEIGHBOURS = "knn";

  Method {
    losses = List.copyOf(losses);
  }

  /** Built on the best other method of the same regime and seed, so run after them. */
  boolean derived() {
    return name.equals(SELF_TRAINING)
        || name.equals(HIERARCHY_SMOOTHING)
        || name.equals(NEIGHBOURS);
  }
}
