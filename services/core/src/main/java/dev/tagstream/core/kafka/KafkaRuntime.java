package dev.tagstream.core.kafka;

import dev.tagstream.core.config.KafkaConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster a command talks to. With {@code --bootstrap}: that cluster. Without: a local broker
 * on {@code --broker-port} (one started by {@code tagstream broker} or {@code up}) if one is
 * listening, else an embedded broker under the data directory. Services ({@link #open}, {@link
 * #start}) create missing topics; readers ({@link #connect}) never do. The value encoding is
 * applied ({@link SchemaRegistration}) either way. Closing stops only what it started.
 */
public final class KafkaRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaRuntime.class);

  private final KafkaConfig config;
  private final LocalBroker embedded;

  private KafkaRuntime(KafkaConfig config, LocalBroker embedded) {
    this.config = config;
    this.embedded = embedded;
  }

  /**
   * For services: the configured cluster, else a local broker already running, else a new embedded
   * one.
   */
  public static KafkaRuntime open(KafkaConfig config) {
    if (config.bootstrap() == null && !localBrokerListening(config)) {
      return start(config);
    }
    KafkaRuntime runtime = connect(config);
    TopicAdmin.ensureTopics(runtime.config());
    return runtime;
  }

  /**
   * {@link #open} for several services in one process ({@code tagstream up}): on a configured
   * cluster the topics are checked as each service's principal where it has its own client settings
   * ({@code <role>.kafka.*}, e.g. only its {@code sasl.jaas.config}), and with the shared settings
   * for the others. The returned config is the shared one; each service takes {@code forRole}.
   */
  public static KafkaRuntime open(KafkaConfig config, List<String> roles) {
    if (config.bootstrap() == null && !localBrokerListening(config)) {
      return start(config);
    }
    KafkaRuntime runtime = connect(config);
    List<String> own =
        roles.stream().filter(r -> config.client().overrides().containsKey(r)).toList();
    if (own.size() < roles.size() || roles.isEmpty()) {
      TopicAdmin.ensureTopics(runtime.config());
    }
    for (String role : own) {
      TopicAdmin.ensureTopics(runtime.config().forRole(role));
    }
    return runtime;
  }

  /** Always starts an embedded broker (for {@code tagstream broker}). */
  public static KafkaRuntime start(KafkaConfig config) {
    LocalBroker embedded =
        LocalBroker.start(config.dataDir().resolve("kafka"), config.brokerPort());
    try {
      KafkaConfig resolved = config.withBootstrap(embedded.bootstrap());
      TopicAdmin.ensureTopics(resolved);
      SchemaRegistration.apply(resolved);
      return new KafkaRuntime(resolved, embedded);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  /**
   * For clients that only read or announce (tail, rollback): the configured cluster or the local
   * broker; never starts one and never creates a topic (see {@link TopicAdmin#requireTopics}).
   */
  public static KafkaRuntime connect(KafkaConfig config) {
    KafkaConfig resolved = config;
    if (config.bootstrap() == null) {
      if (!localBrokerListening(config)) {
        throw new KafkaUnavailableException(
            "no broker listens on 127.0.0.1:"
                + localPort(config)
                + "; start one with 'tagstream up' or 'tagstream broker', or pass --bootstrap HOST:PORT",
            null);
      }
      resolved = config.withBootstrap("127.0.0.1:" + localPort(config));
    }
    SchemaRegistration.apply(resolved);
    // Masked: the client properties may carry SASL and SSL credentials.
    log.info(
        "using Kafka at {}{}",
        resolved.bootstrap(),
        resolved.client().shared().isEmpty() && resolved.client().overrides().isEmpty()
            ? ""
            : " with " + resolved.client());
    return new KafkaRuntime(resolved, null);
  }

  /**
   * The local broker's port: {@code --broker-port}, or with 0 the one a broker recorded in the data
   * directory when it picked a free port, so the next command joins that broker instead of starting
   * a second one on its data.
   */
  static int localPort(KafkaConfig config) {
    return config.brokerPort() != 0
        ? config.brokerPort()
        : LocalBroker.recordedPort(config.dataDir().resolve("kafka")).orElse(0);
  }

  static boolean localBrokerListening(KafkaConfig config) {
    int port = localPort(config);
    if (port == 0) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
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
