package dev.tagstream.bench;

import dev.tagstream.model.loss.LossSpec;
import java.util.List;

/**
 * A benchmarked method: a name, the loss settings its grid tries (each at every learning rate), and a one-line idea.
 * {@code full} trains on full labels (the upper bound); {@code st} is self-training on top of the best other method;
 * {@code hs} rescores the best other method's probabilities through the hierarchy (no training).
 */
record Method(String name, List<LossSpec> losses, String idea) {
  static final String FULL = "full";
  static final String SELF_TRAINING = "st";
  static final String HIERARCHY_SMOOTHING = "hs";

  Method {
    losses = List.copyOf(losses);
  }
}
