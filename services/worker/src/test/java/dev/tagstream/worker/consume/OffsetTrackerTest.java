package dev.tagstream.worker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tagstream.contracts.Failure;
import dev.tagstream.worker.pipeline.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("images", 0);
  private static final TopicPartition P1 = new TopicPartition("images", 1);
  private final OffsetTracker tracker = new OffsetTracker();

  private static Outcome outcome(TopicPartition tp, long offset) {
    Failure f =
        Failure.newBuilder()
            .setId("id-" + offset)
            .setStage("fetch")
            .setReason("not-found")
            .setFailedAt(Instant.EPOCH)
            .build();
    return Outcome.failed(tp.topic(), tp.partition(), offset, "id-" + offset, f);
  }

  private void trackAndComplete(TopicPartition tp, long... offsets) {
    for (long o : offsets) {
      tracker.track(tp, o);
    }
    for (long o : offsets) {
      tracker.complete(outcome(tp, o));
    }
  }

  @Test
  void commitsOnlyUpToTheFirstUnacknowledgedOffset() {
    trackAndComplete(P0, 10, 11, 12, 13);
    assertEquals(4, tracker.takeUnsent().size());
    tracker.acknowledged(P0, 10);
    tracker.acknowledged(P0, 12);
    tracker.acknowledged(P0, 13);
    assertEquals(Map.of(P0, new OffsetAndMetadata(11)), tracker.committable());
    assertEquals(3, tracker.size());
    tracker.acknowledged(P0, 11);
    assertEquals(Map.of(P0, new OffsetAndMetadata(14)), tracker.committable());
    assertEquals(0, tracker.size());
  }

  @Test
  void commitsNothingBeforeAnyAcknowledgement() {
    trackAndComplete(P0, 0, 1);
    tracker.takeUnsent();
    assertEquals(Map.of(), tracker.committable());
  }

  @Test
  void releasesOutcomesInOffsetOrderUpToTheFirstGap() {
    tracker.track(P0, 0);
    tracker.track(P0, 1);
    tracker.track(P0, 2);
    tracker.track(P1, 5);
    tracker.complete(outcome(P0, 2));
    tracker.complete(outcome(P0, 0));
    tracker.complete(outcome(P1, 5));
    OffsetTracker.Released r = tracker.releaseInOrder();
    assertEquals(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(6)), r.offsets());
    assertEquals(2, r.outcomes().size());
    tracker.complete(outcome(P0, 1));
    OffsetTracker.Released next = tracker.releaseInOrder();
    assertEquals(List.of(1L, 2L), next.outcomes().stream().map(Outcome::offset).toList());
    assertEquals(Map.of(P0, new OffsetAndMetadata(3)), next.offsets());
  }

  @Test
  void dropsOutcomesOfForgottenPartitions() {
    tracker.track(P0, 0);
    tracker.track(P1, 0);
    tracker.forget(List.of(P0));
    assertFalse(tracker.complete(outcome(P0, 0)));
    assertEquals(1, tracker.size());
  }

  @Test
  void ignoresSecondOutcomeForTheSameRecord() {
    tracker.track(P0, 0);
    tracker.complete(outcome(P0, 0));
    assertFalse(tracker.complete(outcome(P0, 0)));
    assertEquals(1, tracker.takeUnsent().size());
  }
}
