package dev.tagstream.core.config;

import java.nio.file.Path;

/** Where the cluster is and how topics are named. {@code bootstrap} null means "use the embedded broker". */
public record KafkaConfig(
    String bootstrap, String topicPrefix, int partitions, short replication, Path dataDir, int brokerPort) {

  public KafkaConfig {
    if (topicPrefix != null && !topicPrefix.matches("[A-Za-z0-9._-]*")) {
      throw new ConfigException("topic-prefix '" + topicPrefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
  }

  public KafkaConfig withBootstrap(String servers) {
    return new KafkaConfig(servers, topicPrefix, partitions, replication, dataDir, brokerPort);
  }
}
