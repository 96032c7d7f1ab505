package dev.tagstream.feedback;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.Topics;
import dev.tagstream.feedback.ConfirmationDeadLetters.Source;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the app alive on bytes that are not our contract: the record is skipped and a {@code
 * malformed-value} dead letter carrying the original bytes goes to {@code failures}. Streams writes
 * it through the task's own producer, so under exactly-once it commits or aborts with the offsets
 * of the skipped record.
 *
 * <p>A global store's topic (the vocabulary) is read by the global thread, which has no producer:
 * Streams 4.4 fails that thread with a ClassCastException when a dead letter is returned there, and
 * the app shuts down. Such a record is skipped with one warning and no dead letter.
 */
public final class MalformedValueHandler implements DeserializationExceptionHandler {
  /** Streams config key: the failures topic name (with prefix). */
  static final String FAILURES_TOPIC_CONFIG = "tagstream.feedback.failures.topic";

  /** Streams config key: the {@link FeedbackMetrics} instance to count into (optional). */
  static final String METRICS_CONFIG = "tagstream.feedback.metrics";

  /** Streams config key: the global stores' topic names (with prefix), a {@code List<String>}. */
  static final String GLOBAL_TOPICS_CONFIG = "tagstream.feedback.global.topics";

  private static final Logger log = LoggerFactory.getLogger(MalformedValueHandler.class);

  private final AvroSerde<Failure> serde = Topics.FAILURES.valueSerde();
  private String failuresTopic;
  private FeedbackMetrics metrics;
  private Set<String> globalTopics = Set.of();

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(FAILURES_TOPIC_CONFIG);
    if (!(topic instanceof String s) || s.isEmpty()) {
      throw new IllegalStateException(FAILURES_TOPIC_CONFIG + " must name the failures topic");
    }
    failuresTopic = s;
    metrics = configs.get(METRICS_CONFIG) instanceof FeedbackMetrics m ? m : null;
    if (configs.get(GLOBAL_TOPICS_CONFIG) instanceof List<?> topics) {
      globalTopics = topics.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
    }
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
    if (globalTopics.contains(record.topic())) {
      Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
      log.warn(
          "skipping malformed value at {}-{}@{} (a global store's topic: no dead letter): {}",
          record.topic(),
          record.partition(),
          record.offset(),
          cause.getMessage());
      return Response.resume();
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
