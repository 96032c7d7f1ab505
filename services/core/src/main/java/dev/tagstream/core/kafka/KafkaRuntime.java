package dev.tagstream.core.kafka;

import dev.tagstream.core.config.KafkaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster a command talks to: the configured one, or an embedded broker started under the data directory
 * when none is configured. Topics are ensured either way. Closing stops only what this runtime started.
 */
public final class KafkaRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaRuntime.class);

  private final KafkaConfig config;
  private final EmbeddedKafka embedded;

  private KafkaRuntime(KafkaConfig config, EmbeddedKafka embedded) {
    this.config = config;
    this.embedded = embedded;
  }

  public static KafkaRuntime open(KafkaConfig config) {
    EmbeddedKafka embedded = null;
    KafkaConfig resolved = config;
    if (config.bootstrap() == null) {
      embedded = EmbeddedKafka.start(config.dataDir().resolve("kafka"), config.brokerPort());
      resolved = config.withBootstrap(embedded.bootstrap());
    }
    try {
      TopicAdmin.ensureTopics(resolved);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    if (embedded == null) {
      log.info("using Kafka at {}", resolved.bootstrap());
    }
    return new KafkaRuntime(resolved, embedded);
  }

  /** The config with a concrete bootstrap address. */
  public KafkaConfig config() {
    return config;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
