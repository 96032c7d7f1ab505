package dev.tagstream.feedback;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import java.time.Instant;
import java.util.List;

/**
 * A confirmation for an image not yet seen on {@code images}, waiting for it; {@code arrivedAt}
 * (record time) starts its grace period, and where it came from goes into the dead letter if the
 * image never comes.
 */
record PendingConfirmation(
    String label,
    LabelDecision state,
    String source,
    long confirmedAt,
    long arrivedAt,
    String topic,
    int partition,
    long offset) {

  static PendingConfirmation of(
      LabelConfirmation c, long arrivedAt, String topic, int partition, long offset) {
    return new PendingConfirmation(
        c.getLabel(),
        c.getState(),
        c.getSource(),
        c.getConfirmedAt().toEpochMilli(),
        arrivedAt,
        topic,
        partition,
        offset);
  }

  LabelConfirmation confirmation(String id) {
    return LabelConfirmation.newBuilder()
        .setId(id)
        .setLabel(label)
        .setState(state)
        .setSource(source)
        .setConfirmedAt(Instant.ofEpochMilli(confirmedAt))
        .build();
  }

  /** The store value: every confirmation waiting for one image, in arrival order. */
  record Queue(List<PendingConfirmation> items) {
    Queue {
      items = List.copyOf(items);
    }
  }
}
