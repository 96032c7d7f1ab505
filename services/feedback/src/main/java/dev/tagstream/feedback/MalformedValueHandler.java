package dev.tagstream.feedback;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.Topics;
import dev.tagstream.feedback.ConfirmationDeadLetters.Source;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Keeps the app alive on bytes that are not our contract: the record is skipped and a {@code
 * malformed-value} dead letter carrying the original bytes goes to {@code failures}. Streams writes
 * it through the task's own producer, so under exactly-once it commits or aborts with the offsets
 * of the skipped record.
 */
public final class MalformedValueHandler implements DeserializationExceptionHandler {
  /** Streams config key: the failures topic name (with prefix). */
  static final String FAILURES_TOPIC_CONFIG = "tagstream.feedback.failures.topic";

  /** Streams config key: the {@link FeedbackMetrics} instance to count into (optional). */
  static final String METRICS_CONFIG = "tagstream.feedback.metrics";

  private final AvroSerde<Failure> serde = Topics.FAILURES.valueSerde();
  private String failuresTopic;
  private FeedbackMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(FAILURES_TOPIC_CONFIG);
    if (!(topic instanceof String s) || s.isEmpty()) {
      throw new IllegalStateException(FAILURES_TOPIC_CONFIG + " must name the failures topic");
    }
    failuresTopic = s;
    metrics = configs.get(METRICS_CONFIG) instanceof FeedbackMetrics m ? m : null;
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RegistryException) {
      // The schema registry could not answer for the value's schema id: not the record's fault, so
      // it is not
      // dead-lettered; the app stops and the record is read again after a restart.
      return Response.fail();
    }
    String id = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    Failure f =
        ConfirmationDeadLetters.malformed(
            id,
            exception,
            new Source(record.topic(), record.partition(), record.offset()),
            record.value(),
            record.timestamp());
    if (metrics != null) {
      metrics.deadLetter(ConfirmationDeadLetters.MALFORMED_VALUE);
    }
    return Response.resume(
        List.of(
            new ProducerRecord<>(
                failuresTopic,
                null,
                record.timestamp(),
                record.key(),
                serde.encode(failuresTopic, f))));
  }
}
