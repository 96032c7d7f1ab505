package dev.tagstream.trainer;

import java.time.Duration;
import java.util.Objects;

/**
 * When to retrain: {@code minNewConfirmations} new confirmations, or {@code maxInterval} since the
 * last training with at least {@code minAny}; never sooner than {@code minInterval} after the last
 * attempt ended.
 */
record TriggerPolicy(
    long minNewConfirmations, long minAny, Duration maxInterval, Duration minInterval) {
  TriggerPolicy {
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(minInterval, "minInterval");
    if (minNewConfirmations < 1 || minAny < 1) {
      throw new IllegalArgumentException("confirmation thresholds must be >= 1");
    }
    if (maxInterval.isNegative() || minInterval.isNegative()) {
      throw new IllegalArgumentException("trigger intervals must not be negative");
    }
  }
}
