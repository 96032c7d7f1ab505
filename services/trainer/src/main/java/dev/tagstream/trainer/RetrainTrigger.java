package dev.tagstream.trainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether new evidence justifies a retrain now (see {@link TriggerPolicy}). Time comes from
 * the injected clock; "the last training" is the end of the last attempt, or the trainer's start
 * (the first training need not wait for {@code minInterval}, which only spaces attempts). After a
 * failed attempt the next one waits at least {@link #FAILURE_BACKOFF} even when minInterval is 0: a
 * failure that repeats (no usable images, a full disk) must not become a hot loop of attempts and
 * log lines. Thread-safe.
 */
final class RetrainTrigger {
  static final Duration FAILURE_BACKOFF = Duration.ofSeconds(30);
  private final TriggerPolicy policy;
  private final Clock clock;
  private Instant lastEnded;
  private boolean attempted;
  private boolean lastFailed;

  RetrainTrigger(TriggerPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.lastEnded = clock.instant();
  }

  /**
   * The reason to train now, or empty. Never while a training runs or before the snapshot has
   * caught up.
   */
  synchronized Optional<String> check(long newConfirmations, boolean running, boolean caughtUp) {
    if (running || !caughtUp || newConfirmations <= 0) {
      return Optional.empty();
    }
    Duration since = Duration.between(lastEnded, clock.instant());
    Duration wait =
        lastFailed && FAILURE_BACKOFF.compareTo(policy.minInterval()) > 0
            ? FAILURE_BACKOFF
            : policy.minInterval();
    if (attempted && since.compareTo(wait) < 0) {
      return Optional.empty();
    }
    if (newConfirmations >= policy.minNewConfirmations()) {
      return Optional.of(
          newConfirmations + " new confirmations (threshold " + policy.minNewConfirmations() + ")");
    }
    if (newConfirmations >= policy.minAny() && since.compareTo(policy.maxInterval()) >= 0) {
      return Optional.of(
          newConfirmations
              + " new confirmations and "
              + since.toSeconds()
              + " s since the last training (interval "
              + policy.maxInterval().toSeconds()
              + " s)");
    }
    return Optional.empty();
  }

  /** Marks the end of a training attempt: both time rules count from here. */
  synchronized void trainingEnded(boolean failed) {
    lastEnded = clock.instant();
    attempted = true;
    lastFailed = failed;
  }
}
