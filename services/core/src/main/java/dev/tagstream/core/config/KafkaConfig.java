package dev.tagstream.core.config;

import java.nio.file.Path;

/**
 * Where the cluster is, how topics are named and what every client is given. {@code bootstrap} null
 * means "use the embedded broker"; {@code client} carries pass-through client properties (security,
 * timeouts) for one role; {@code serde} says how values are encoded and where the schema registry
 * is.
 */
public record KafkaConfig(
    String bootstrap,
    String topicPrefix,
    int partitions,
    short replication,
    Path dataDir,
    int brokerPort,
    ClientProperties client,
    SerdeConfig serde) {

  public KafkaConfig {
    if (topicPrefix != null && !topicPrefix.matches("[A-Za-z0-9._-]*")) {
      throw new ConfigException(
          "topic-prefix '" + topicPrefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
    client = client == null ? ClientProperties.NONE : client;
    serde = serde == null ? SerdeConfig.SINGLE_OBJECT : serde;
  }

  /** With the default encoding (single-object, no registry). */
  public KafkaConfig(
      String bootstrap,
      String topicPrefix,
      int partitions,
      short replication,
      Path dataDir,
      int brokerPort,
      ClientProperties client) {
    this(
        bootstrap,
        topicPrefix,
        partitions,
        replication,
        dataDir,
        brokerPort,
        client,
        SerdeConfig.SINGLE_OBJECT);
  }

  /**
   * Without pass-through client properties (tests, benches, the embedded broker's own commands).
   */
  public KafkaConfig(
      String bootstrap,
      String topicPrefix,
      int partitions,
      short replication,
      Path dataDir,
      int brokerPort) {
    this(
        bootstrap,
        topicPrefix,
        partitions,
        replication,
        dataDir,
        brokerPort,
        ClientProperties.NONE,
        SerdeConfig.SINGLE_OBJECT);
  }

  public KafkaConfig withBootstrap(String servers) {
    return new KafkaConfig(
        servers, topicPrefix, partitions, replication, dataDir, brokerPort, client, serde);
  }

  /** The same cluster and clients, with topics under {@code prefix} instead. */
  public KafkaConfig withTopicPrefix(String prefix) {
    return new KafkaConfig(
        bootstrap, prefix, partitions, replication, dataDir, brokerPort, client, serde);
  }

  /** The same, with topics created with {@code count} partitions. */
  public KafkaConfig withPartitions(int count) {
    return new KafkaConfig(
        bootstrap, topicPrefix, count, replication, dataDir, brokerPort, client, serde);
  }

  public KafkaConfig withClient(ClientProperties properties) {
    return new KafkaConfig(
        bootstrap, topicPrefix, partitions, replication, dataDir, brokerPort, properties, serde);
  }

  public KafkaConfig withSerde(SerdeConfig encoding) {
    return new KafkaConfig(
        bootstrap, topicPrefix, partitions, replication, dataDir, brokerPort, client, encoding);
  }

  /**
   * The same cluster as seen by one service's clients: its {@code <role>.kafka.*} overrides apply.
   */
  public KafkaConfig forRole(String role) {
    return withClient(client.forRole(role));
  }
}
