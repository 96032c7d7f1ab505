package dev.tagstream.feedback;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import java.time.Instant;
import java.util.List;

/**
 * A confirmation waiting for its image or its label; {@code arrivedAt} (record time) starts its
 * grace period, and where it came from goes into the dead letter if neither comes. {@code
 * fromImage}: a label listed on the image at submit time, not yet in the vocabulary; folded as the
 * image's own decision (no confirmation counted), as it would have been had the label been known.
 */
record PendingConfirmation(
    String label,
    LabelDecision state,
    String source,
    long confirmedAt,
    long arrivedAt,
    String topic,
    int partition,
    long offset,
    boolean fromImage) {

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
        offset,
        false);
  }

  /** An image's label the vocabulary does not know yet: {@code at} is the image's submittedAt. */
  static PendingConfirmation ofImageLabel(
      String label,
      LabelDecision state,
      long at,
      long arrivedAt,
      String topic,
      int partition,
      long offset) {
    return new PendingConfirmation(
        label, state, Decision.INGEST, at, arrivedAt, topic, partition, offset, true);
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
