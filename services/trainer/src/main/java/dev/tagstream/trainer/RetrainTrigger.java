package dev.tagstream.trainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether new evidence justifies a retrain now (see {@link TriggerPolicy}). Time comes from the injected
 * clock; "the last training" is the end of the last attempt, or the trainer's start (the first training need not
 * wait for {@code minInterval}, which only spaces attempts). Thread-safe.
 */
final class RetrainTrigger {
  private final TriggerPolicy policy;
  private final Clock clock;
  private Instant lastEnded;
  private boolean attempted;

  RetrainTrigger(TriggerPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.lastEnded = clock.instant();
  }

  /** The reason to train now, or empty. Never while a training runs or before the snapshot has caught up. */
  synchronized Optional<String> check(long newConfirmations, boolean running, boolean caughtUp) {
    if (running || !caughtUp || newConfirmations <= 0) {
      return Optional.empty();
    }
    Duration since = Duration.between(lastEnded, clock.instant());
    if (attempted && since.compareTo(policy.minInterval()) < 0) {
      return Optional.empty();
    }
    if (newConfirmations >= policy.minNewConfirmations()) {
      return Optional.of(newConfirmations + " new confirmations (threshold " + policy.minNewConfirmations() + ")");
    }
    if (newConfirmations >= policy.minAny() && since.compareTo(policy.maxInterval()) >= 0) {
      return Optional.of(newConfirmations + " new confirmations and " + since.toSeconds()
          + " s since the last training (interval " + policy.maxInterval().toSeconds() + " s)");
    }
    return Optional.empty();
  }

  /** Marks the end of a training attempt (success or failure): both time rules count from here. */
  synchronized void trainingEnded() {
    lastEnded = clock.instant();
    attempted = true;
  }
}
