package dev.tagstream.core.kafka;

import dev.tagstream.core.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client properties with tagstream's reliability defaults; the only place raw client configs are written. */
public final class KafkaClients {
  private KafkaClients() {}

  static String describe(KafkaConfig c) {
    return c.bootstrap() == null ? "(no bootstrap configured)" : c.bootstrap();
  }

  private static Map<String, Object> base(KafkaConfig c, String clientId) {
    if (c.bootstrap() == null) {
      throw new IllegalStateException("no bootstrap address: start the embedded broker first (KafkaRuntime)");
    }
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, c.bootstrap());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  public static Map<String, Object> adminProps(KafkaConfig c) {
    Map<String, Object> p = base(c, "tagstream-admin");
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return p;
  }

  /** Idempotent, acks=all: a record acknowledged is on every in-sync replica and never duplicated by retries. */
  public static Map<String, Object> producerProps(KafkaConfig c, String clientId) {
    Map<String, Object> p = base(c, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  /** Transactional producer for exactly-once mode. */
  public static Map<String, Object> transactionalProducerProps(KafkaConfig c, String clientId, String txId) {
    Map<String, Object> p = producerProps(c, clientId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    return p;
  }

  /** Manual commits, raw bytes (values are decoded by the caller so a bad one becomes a dead letter, not a crash). */
  public static Map<String, Object> consumerProps(KafkaConfig c, String groupId, String clientId, boolean readCommitted) {
    Map<String, Object> p = readerProps(c, clientId, readCommitted);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return p;
  }

  /** A group-less reader (tail, followers, tests): assign partitions yourself; never commits. */
  public static Map<String, Object> readerProps(KafkaConfig c, String clientId, boolean readCommitted) {
    Map<String, Object> p = base(c, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  /**
   * Assigns every partition of {@code topics} to a group-less reader and seeks to the beginning: how followers,
   * watchers and benches read a topic whole. {@code timeout} bounds each metadata lookup (null: the client's
   * default.api.timeout.ms).
   */
  public static List<TopicPartition> assignFromStart(Consumer<?, ?> consumer, Duration timeout, List<String> topics) {
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
