package dev.tagstream.feedback;

import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The one place the feedback app's raw Kafka Streams configuration is written. */
final class StreamsProperties {
  private StreamsProperties() {}

  static Properties of(KafkaConfig kafka, FeedbackConfig config, FeedbackMetrics metrics) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replication());
    putErrorHandling(p, kafka.topicPrefix(), metrics);
    Map<String, Object> owned = new HashMap<>();
    p.forEach((k, v) -> owned.put((String) k, v));
    return KafkaClients.streamsProps(kafka, config.applicationId(), owned);
  }

  /** The malformed-value handler and what it needs; shared with the topology tests. */
  static void putErrorHandling(Properties p, String topicPrefix, FeedbackMetrics metrics) {
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, MalformedValueHandler.class);
    p.put(MalformedValueHandler.FAILURES_TOPIC_CONFIG, Topics.FAILURES.name(topicPrefix));
    p.put(MalformedValueHandler.METRICS_CONFIG, metrics);
    p.put(MalformedValueHandler.GLOBAL_TOPICS_CONFIG, List.of(Topics.VOCABULARY.name(topicPrefix)));
    // Matches the 5.0 default, so the global vocabulary store's processor fails like the others.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
  }
}
