package dev.tagstream.feedback;

import dev.tagstream.contracts.Failure;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The feedback app's dead letters on {@code failures}: one reason per way an input can be unusable.
 */
final class ConfirmationDeadLetters {
  /** Confirmation (or image-known label) not in the vocabulary. */
  static final String UNKNOWN_LABEL = "unknown-label";

  /** Confirmation for an image id never seen on {@code images} within the grace period. */
  static final String UNKNOWN_IMAGE = "unknown-image";

  /** Record key differs from the value's id, so it may sit on the wrong partition. */
  static final String KEY_MISMATCH = "key-mismatch";

  /** Bytes that do not decode as the topic's contract. */
  static final String MALFORMED_VALUE = "malformed-value";

  static final String STAGE = "feedback";
  static final String STAGE_DESERIALIZE = "deserialize";

  private ConfirmationDeadLetters() {}

  /** Where a record came from, for the dead letter; absent (-1) in a punctuator. */
  record Source(String topic, int partition, long offset) {
    static final Source NONE = new Source("", -1, -1);
  }

  static Failure failure(
      String id, String uri, String reason, String message, Source source, long at) {
    return Failure.newBuilder()
        .setId(id == null ? "" : id)
        .setUri(uri == null ? "" : uri)
        .setStage(STAGE)
        .setReason(reason)
        .setMessage(message)
        .setErrorClass("")
        .setAttempts(1)
        .setModelVersion(null)
        .setSourceTopic(source.topic())
        .setSourcePartition(source.partition())
        .setSourceOffset(source.offset())
        .setOriginalValue(null)
        .setFailedAt(Instant.ofEpochMilli(at))
        .build();
  }

  static Failure malformed(String id, Exception error, Source source, byte[] original, long at) {
    return Failure.newBuilder(
            failure(id, "", MALFORMED_VALUE, String.valueOf(error.getMessage()), source, at))
        .setStage(STAGE_DESERIALIZE)
        .setErrorClass(error.getClass().getName())
        .setOriginalValue(original == null ? null : ByteBuffer.wrap(original))
        .build();
  }
}
