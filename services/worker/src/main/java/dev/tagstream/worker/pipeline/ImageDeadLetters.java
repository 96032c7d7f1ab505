package dev.tagstream.worker.pipeline;

import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.Failure;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;

/**
 * Builds the {@code failures} records: stage, reason, error class and the source coordinates of the
 * input.
 */
public final class ImageDeadLetters {
  private ImageDeadLetters() {}

  static Outcome of(ImageJob job, ImageFailedException e, String modelVersion, Instant now) {
    Failure f =
        Failure.newBuilder()
            .setId(job.reference().getId())
            .setUri(job.reference().getUri())
            .setStage(e.stage().id())
            .setReason(e.reason())
            .setMessage(e.getMessage() == null ? "" : e.getMessage())
            .setErrorClass(e.errorClass())
            .setAttempts(e.attempts())
            .setModelVersion(modelVersion)
            .setSourceTopic(job.topic())
            .setSourcePartition(job.partition())
            .setSourceOffset(job.offset())
            .setOriginalValue(null)
            .setFailedAt(now)
            .build();
    return Outcome.failed(job.topic(), job.partition(), job.offset(), job.reference().getId(), f);
  }

  /**
   * A record whose value is not an image reference: kept whole (original bytes) so it can be
   * inspected or replayed.
   */
  public static Outcome undecodable(
      String topic,
      int partition,
      long offset,
      String key,
      byte[] value,
      RuntimeException e,
      String modelVersion,
      Instant now) {
    String reason =
        e instanceof ContractException ce
            ? "malformed-value-" + ce.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')
            : "malformed-value";
    String id = key == null ? topic + "-" + partition + "-" + offset : key;
    Failure f =
        Failure.newBuilder()
            .setId(id)
            .setUri("")
            .setStage(Stage.DESERIALIZE.id())
            .setReason(value == null ? "missing-value" : reason)
            .setMessage(e.getMessage() == null ? "" : e.getMessage())
            .setErrorClass(e.getClass().getName())
            .setAttempts(1)
            .setModelVersion(modelVersion)
            .setSourceTopic(topic)
            .setSourcePartition(partition)
            .setSourceOffset(offset)
            .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
            .setFailedAt(now)
            .build();
    return Outcome.failed(topic, partition, offset, id, f);
  }
}
