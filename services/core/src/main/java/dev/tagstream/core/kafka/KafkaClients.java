package dev.tagstream.core.kafka;

import dev.tagstream.core.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client properties with tagstream's reliability defaults; the only place raw client configs are
 * written.
 */
public final class KafkaClients {
  private KafkaClients() {}

  static String describe(KafkaConfig c) {
    return c.bootstrap() == null ? "(no bootstrap configured)" : c.bootstrap();
  }

  /**
   * A client's properties: tagstream's tunable defaults, then the role's pass-through properties,
   * then the keys tagstream owns. Owned keys are refused when a user sets them
   * (ClientProperties.REFUSED), so the last step never silently discards a user's value.
   */
  private static Map<String, Object> merge(
      KafkaConfig c, Map<String, Object> defaults, Map<String, Object> owned) {
    if (c.bootstrap() == null) {
      throw new IllegalStateException(
          "no bootstrap address: start the embedded broker first (KafkaRuntime)");
    }
    Map<String, Object> p = new HashMap<>(defaults);
    p.putAll(c.client().effective());
    p.putAll(owned);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
    return p;
  }

  public static Map<String, Object> adminProps(KafkaConfig c) {
    return merge(
        c,
        Map.of(
            CommonClientConfigs.CLIENT_ID_CONFIG, "tagstream-admin",
            CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
            CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000),
        Map.of());
  }

  /**
   * Idempotent, acks=all: a record acknowledged is on every in-sync replica and never duplicated by
   * retries.
   */
  public static Map<String, Object> producerProps(KafkaConfig c, String clientId) {
    return merge(
        c,
        Map.of(
            CommonClientConfigs.CLIENT_ID_CONFIG,
            clientId,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4"),
        producerOwned());
  }

  static Map<String, Object> producerOwned() {
    return Map.of(
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class);
  }

  /** Transactional producer for exactly-once mode. */
  public static Map<String, Object> transactionalProducerProps(
      KafkaConfig c, String clientId, String txId) {
    Map<String, Object> p = producerProps(c, clientId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    return p;
  }

  /**
   * Manual commits, raw bytes (values are decoded by the caller so a bad one becomes a dead letter,
   * not a crash).
   */
  public static Map<String, Object> consumerProps(
      KafkaConfig c, String groupId, String clientId, boolean readCommitted) {
    Map<String, Object> p = readerProps(c, clientId, readCommitted);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return p;
  }

  /** A group-less reader (tail, followers, tests): assign partitions yourself; never commits. */
  public static Map<String, Object> readerProps(
      KafkaConfig c, String clientId, boolean readCommitted) {
    return merge(
        c,
        Map.of(
            CommonClientConfigs.CLIENT_ID_CONFIG,
            clientId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest"),
        readerOwned(readCommitted));
  }

  static Map<String, Object> readerOwned(boolean readCommitted) {
    return Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ByteArrayDeserializer.class);
  }

  /**
   * A Kafka Streams app's properties: the role's pass-through properties (they reach Streams' inner
   * clients too) under {@code owned}, the app's own configuration (application id, guarantee,
   * state, handlers).
   */
  public static Properties streamsProps(KafkaConfig c, String clientId, Map<String, Object> owned) {
    Properties p = new Properties();
    p.putAll(merge(c, Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, clientId), owned));
    return p;
  }

  /**
   * Assigns every partition of {@code topics} to a group-less reader and seeks to the beginning:
   * how followers, watchers and benches read a topic whole. {@code timeout} bounds each metadata
   * lookup (null: the client's default.api.timeout.ms).
   */
  public static List<TopicPartition> assignFromStart(
      Consumer<?, ?> consumer, Duration timeout, List<String> topics) {
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      (timeout == null ? consumer.partitionsFor(t) : consumer.partitionsFor(t, timeout))
          .forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    return parts;
  }
}
