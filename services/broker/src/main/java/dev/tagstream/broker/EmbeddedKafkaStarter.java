package dev.tagstream.broker;

import dev.tagstream.core.kafka.LocalBroker;
import java.nio.file.Path;

/**
 * Lets core start an {@link EmbeddedKafka} without depending on the broker jars (found by
 * ServiceLoader).
 */
public final class EmbeddedKafkaStarter implements LocalBroker.Starter {
  @Override
  public LocalBroker start(Path dir, int port) {
    return EmbeddedKafka.start(dir, port);
  }
}
