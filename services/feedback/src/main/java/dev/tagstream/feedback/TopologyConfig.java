package dev.tagstream.feedback;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Duration;
import java.util.Objects;

/**
 * What the feedback topology needs, already loaded: topic prefix, vocabulary, how long a
 * confirmation may wait for its image, and how often (in stream time) waiting confirmations are
 * checked.
 */
public record TopologyConfig(
    String topicPrefix,
    Vocabulary vocabulary,
    Duration unknownImageGrace,
    Duration expiryInterval) {

  public TopologyConfig {
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
    Objects.requireNonNull(vocabulary, "vocabulary");
    if (unknownImageGrace == null || unknownImageGrace.isNegative() || unknownImageGrace.isZero()) {
      throw new ConfigException("unknown-image grace must be positive, got " + unknownImageGrace);
    }
    if (expiryInterval == null || expiryInterval.toMillis() < 1) {
      throw new ConfigException("expiry interval must be at least 1 ms, got " + expiryInterval);
    }
  }

  /**
   * Checks waiting confirmations ten times per grace period, between once a second and once a
   * minute.
   */
  public static TopologyConfig of(
      String topicPrefix, Vocabulary vocabulary, Duration unknownImageGrace) {
    long tenth = Math.max(1, unknownImageGrace.toMillis() / 10);
    Duration interval = Duration.ofMillis(Math.min(60_000, Math.max(1_000, tenth)));
    return new TopologyConfig(topicPrefix, vocabulary, unknownImageGrace, interval);
  }
}
