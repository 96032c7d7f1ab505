package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.LocalBroker;
import dev.tagstream.core.kafka.TopicAdmin;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core starts this module's broker through ServiceLoader, never by naming it. */
class LocalBrokerIT {

  @Test
  void coreFindsTheEmbeddedBrokerAndItServesTopics(@TempDir Path dir) {
    try (LocalBroker broker = LocalBroker.start(dir, 0)) {
      assertInstanceOf(EmbeddedKafka.class, broker);
      KafkaConfig c = new KafkaConfig(broker.bootstrap(), "", 1, (short) 1, dir, 0);
      assertEquals(Topics.all().size(), TopicAdmin.ensureTopics(c).size());
    }
  }
}
