package dev.tagstream.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings every Kafka-facing command shares: where the cluster is and how topics are named and
 * sized.
 */
public final class KafkaSettings {
  private KafkaSettings() {}

  public static final Setting BOOTSTRAP =
      Setting.of(
          "bootstrap",
          null,
          "Kafka bootstrap servers (host:port,...). Unset: the command starts or joins the embedded broker.");

  /**
   * The same key for commands that only read or write a running broker (tail, rollback): they never
   * start one.
   */
  public static final Setting JOIN_BOOTSTRAP =
      Setting.of(
          "bootstrap",
          null,
          "Kafka bootstrap servers (host:port,...). Unset: joins the local broker of 'tagstream up' or 'tagstream "
              + "broker' on --broker-port; never starts one.");

  public static final Setting TOPIC_PREFIX =
      Setting.of(
          "topic-prefix", "", "Prefix for every topic name, e.g. 'prod.' gives prod.images.");
  public static final Setting PARTITIONS =
      Setting.of(
          "partitions",
          "6",
          "Partitions of each topic created by tagstream (existing topics are left as they are).");
  public static final Setting REPLICATION =
      Setting.of("replication", "1", "Replication factor of topics created by tagstream.");
  public static final Setting DATA_DIR =
      Setting.of(
          "data-dir",
          "tagstream-data",
          "Working directory: embedded broker logs, model registry, caches.");
  public static final Setting BROKER_PORT =
      Setting.of(
          "broker-port",
          "9092",
          "Port of the embedded broker when no --bootstrap is given (0 picks a free one).");

  /** Also enables the open-ended kafka.* and <role>.kafka.* keys on every command that lists it. */
  public static final Setting KAFKA_CONFIG =
      Setting.of(
          "kafka-config",
          null,
          "Kafka client properties file (as for kcat -F or --command-config) for every producer, consumer, admin and "
              + "Streams client: security.protocol, SASL, SSL, timeouts. Any client property can also be set as "
              + "kafka.PROPERTY (flag --kafka.PROPERTY, env TAGSTREAM_KAFKA_PROPERTY with _ for .) and for one service's "
              + "clients as SERVICE.kafka.PROPERTY (SERVICE: ingest, worker, feedback, trainer); later wins: this file, "
              + "kafka.PROPERTY, SERVICE.kafka.PROPERTY. Keys tagstream sets for correctness (serializers, acks, "
              + "enable.auto.commit, transactional.id, ...) are refused. A secret's value file:PATH is read from that file.");

  public static List<Setting> all() {
    List<Setting> all =
        new ArrayList<>(
            List.of(
                BOOTSTRAP,
                TOPIC_PREFIX,
                PARTITIONS,
                REPLICATION,
                DATA_DIR,
                BROKER_PORT,
                KAFKA_CONFIG));
    all.addAll(SerdeSettings.all());
    return List.copyOf(all);
  }

  /** Builds the validated record. */
  public static KafkaConfig read(Settings s) {
    return new KafkaConfig(
        s.stringOrNull(BOOTSTRAP),
        s.string(TOPIC_PREFIX),
        s.integer(PARTITIONS, 1, 10_000),
        (short) s.integer(REPLICATION, 1, 16),
        s.path(DATA_DIR),
        s.integer(BROKER_PORT, 0, 65_535),
        clientProperties(s),
        SerdeSettings.read(s));
  }

  /**
   * The pass-through client properties of a command (none when it does not list {@link
   * #KAFKA_CONFIG}).
   */
  public static ClientProperties clientProperties(Settings s) {
    return ClientPropertySources.read(s);
  }
}
