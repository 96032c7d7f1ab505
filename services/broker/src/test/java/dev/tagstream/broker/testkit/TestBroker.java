package dev.tagstream.broker.testkit;

import dev.tagstream.broker.EmbeddedKafka;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.TopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real broker for integration tests: one per test JVM, started on first use. The system
 * property {@code tagstream.test.broker} chooses it: {@code embedded} (default, in-JVM KRaft) or
 * {@code testcontainers} (the {@code apache/kafka} image; skipped with a message where no Docker
 * engine exists).
 */
public final class TestBroker {
  private static String bootstrap;
  private static EmbeddedKafka embedded;

  private TestBroker() {}

  public static synchronized String bootstrap() {
    if (bootstrap == null) {
      String kind = System.getProperty("tagstream.test.broker", "embedded");
      switch (kind) {
        case "embedded", "" -> {
          try {
            Path dir = Files.createTempDirectory("tagstream-test-kafka");
            embedded = EmbeddedKafka.start(dir, 0);
            bootstrap = embedded.bootstrap();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        case "testcontainers" -> bootstrap = ContainerBroker.start();
        default ->
            throw new IllegalStateException(
                "tagstream.test.broker=" + kind + ": use 'embedded' or 'testcontainers'");
      }
    }
    return bootstrap;
  }

  /**
   * A config on the test broker with a fresh topic prefix, so tests never see each other's records.
   */
  public static KafkaConfig freshConfig(int partitions) {
    String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaConfig c =
        new KafkaConfig(bootstrap(), prefix, partitions, (short) 1, Path.of("target"), 0);
    TopicAdmin.ensureTopics(c);
    return c;
  }

  /**
   * Testcontainers' Kafka, kept in its own class so its absence never affects the embedded path.
   */
  static final class ContainerBroker {
    static String start() {
      boolean docker;
      try {
        docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (Throwable t) {
        docker = false;
      }
      Assumptions.assumeTrue(
          docker,
          "tagstream.test.broker=testcontainers but no Docker engine is available here; "
              + "run without it to use the embedded KRaft broker");
      var kafka = new org.testcontainers.kafka.KafkaContainer("apache/kafka:4.1.0");
      kafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
      return kafka.getBootstrapServers();
    }
  }
}
