package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrainTriggerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T19:00:00Z"));
  private final RetrainTrigger trigger =
      new RetrainTrigger(
          new TriggerPolicy(200, 5, Duration.ofMinutes(30), Duration.ofMinutes(1)), clock);

  @Test
  void firesOnceEnoughConfirmationsArrived() {
    assertEquals(Optional.empty(), trigger.check(199, false, true));
    assertEquals(
        Optional.of("200 new confirmations (threshold 200)"), trigger.check(200, false, true));
  }

  @Test
  void timeRuleFiresAfterMaxIntervalWithAtLeastMinAny() {
    clock.advance(Duration.ofMinutes(29).plusSeconds(59));
    assertEquals(Optional.empty(), trigger.check(5, false, true));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(
        Optional.of("5 new confirmations and 1800 s since the last training (interval 1800 s)"),
        trigger.check(5, false, true));
  }

  @Test
  void timeRuleNeedsMinAnyConfirmations() {
    clock.advance(Duration.ofHours(5));
    assertEquals(Optional.empty(), trigger.check(4, false, true));
    assertEquals(Optional.empty(), trigger.check(0, false, true));
  }

  @Test
  void neverFiresWhileATrainingRuns() {
    clock.advance(Duration.ofHours(1));
    assertEquals(Optional.empty(), trigger.check(10_000, true, true));
  }

  @Test
  void neverFiresBeforeTheSnapshotCaughtUp() {
    clock.advance(Duration.ofHours(1));
    assertEquals(Optional.empty(), trigger.check(10_000, false, false));
  }

  @Test
  void waitsMinIntervalAfterTheLastAttemptEnded() {
    clock.advance(Duration.ofMinutes(10));
    trigger.trainingEnded(false);
    clock.advance(Duration.ofSeconds(59));
    assertEquals(Optional.empty(), trigger.check(500, false, true));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(trigger.check(500, false, true).isPresent());
  }

  @Test
  void firstTrainingNeedNotWaitMinInterval() {
    assertTrue(trigger.check(200, false, true).isPresent());
  }

  @Test
  void timeRuleCountsFromTheEndOfTheLastTraining() {
    clock.advance(Duration.ofMinutes(40));
    trigger.trainingEnded(false);
    clock.advance(Duration.ofMinutes(29));
    assertEquals(Optional.empty(), trigger.check(5, false, true));
    clock.advance(Duration.ofMinutes(1));
    assertTrue(trigger.check(5, false, true).isPresent());
  }

  @Test
  void aFailedAttemptWaitsTheFailureBackoffEvenWithoutMinInterval() {
    RetrainTrigger eager =
        new RetrainTrigger(new TriggerPolicy(200, 5, Duration.ofMinutes(30), Duration.ZERO), clock);
    eager.trainingEnded(false);
    assertTrue(eager.check(500, false, true).isPresent()); // after a success: no wait at all
    eager.trainingEnded(true);
    clock.advance(Duration.ofSeconds(29));
    assertEquals(Optional.empty(), eager.check(500, false, true));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(eager.check(500, false, true).isPresent());
  }
}
