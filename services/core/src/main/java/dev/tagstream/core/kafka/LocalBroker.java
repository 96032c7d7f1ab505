package dev.tagstream.core.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.ServiceLoader;

/**
 * A Kafka broker running inside this JVM. Its implementation lives in {@code tagstream-broker},
 * which only the CLI and the tests depend on, and is found through {@link Starter} by {@link
 * ServiceLoader}: the services' runtime classpath then carries no broker jars (kafka_2.13,
 * kafka-server, Scala).
 */
public interface LocalBroker extends AutoCloseable {

  /**
   * The file in a broker's data directory that records its ports ("client,controller"), so they
   * outlive it.
   */
  String PORTS_FILE = "ports";

  /** The client port a broker recorded in {@code dir}, if one ever started there. */
  static OptionalInt recordedPort(Path dir) {
    try {
      Path f = dir.resolve(PORTS_FILE);
      return Files.exists(f)
          ? OptionalInt.of(Integer.parseInt(Files.readString(f).trim().split(",")[0]))
          : OptionalInt.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalInt
          .empty(); // unreadable: as if none was recorded; starting a broker there says why
    }
  }

  /** The address clients connect to, {@code host:port}. */
  String bootstrap();

  /** Stops the broker; its data stays, so starting on the same directory resumes it. */
  @Override
  void close();

  /**
   * Starts a broker storing its log in {@code dir} (formatted on first use) on {@code port} (0: any
   * free port).
   */
  static LocalBroker start(Path dir, int port) {
    Starter starter =
        ServiceLoader.load(Starter.class)
            .findFirst()
            .orElseThrow(
                () ->
                    new KafkaUnavailableException(
                        "this build has no embedded broker (tagstream-broker is not on the classpath); pass --bootstrap HOST:PORT",
                        null));
    return starter.start(dir, port);
  }

  /**
   * A broker module's provider, listed in {@code
   * META-INF/services/dev.tagstream.core.kafka.LocalBroker$Starter}.
   */
  interface Starter {
    LocalBroker start(Path dir, int port);
  }
}
