package dev.tagstream.feedback;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.HttpConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The feedback service's validated configuration (see {@link FeedbackSettings} for each field's
 * meaning).
 */
record FeedbackConfig(
    Path vocabulary,
    Duration unknownImageGrace,
    String processingGuarantee,
    Duration commitInterval,
    int threads,
    String applicationId,
    Path stateDir,
    HttpConfig http) {

  FeedbackConfig {
    if (unknownImageGrace.isZero() || unknownImageGrace.isNegative()) {
      throw new ConfigException(
          FeedbackSettings.UNKNOWN_IMAGE_GRACE.key()
              + " must be positive, got "
              + unknownImageGrace);
    }
    if (commitInterval.isNegative()) {
      throw new ConfigException(
          FeedbackSettings.COMMIT_INTERVAL.key() + " must not be negative, got " + commitInterval);
    }
    if (!applicationId.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          "application id '"
              + applicationId
              + "' may only contain letters, digits, '.', '_' and '-'");
    }
  }
}
