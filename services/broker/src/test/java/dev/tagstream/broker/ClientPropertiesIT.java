package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaUnavailableException;
import dev.tagstream.core.kafka.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** Pass-through client properties reach real clients on the real broker. */
class ClientPropertiesIT {
  private static KafkaConfig configured(String... args) {
    KafkaConfig fresh = TestBroker.freshConfig(1);
    List<String> all = new java.util.ArrayList<>(List.of("--topic-prefix", fresh.topicPrefix()));
    all.addAll(List.of(args));
    return KafkaSettings.read(Settings.parse(KafkaSettings.all(), all, Map.of()))
        .withBootstrap(fresh.bootstrap());
  }

  @Test
  void aRoleClientIdReachesTheProducerAndConsumer() {
    KafkaConfig c =
        configured("--kafka.client.id", "shared-id", "--worker.kafka.client.id", "worker-id")
            .forRole("worker");
    try (var p = new KafkaProducer<String, byte[]>(KafkaClients.producerProps(c, "ignored"));
        var r = new KafkaConsumer<String, byte[]>(KafkaClients.readerProps(c, "ignored", true))) {
      // The client id is a tag of every client metric: what the broker and monitoring see.
      assertTrue(
          p.metrics().keySet().stream()
              .anyMatch(m -> "worker-id".equals(m.tags().get("client-id"))));
      assertTrue(
          r.metrics().keySet().stream()
              .anyMatch(m -> "worker-id".equals(m.tags().get("client-id"))));
      r.partitionsFor(
          "__consumer_offsets"); // a live round trip: the other properties did not break the client
    }
  }

  @Test
  void aWrongSecurityProtocolFailsStartUpWithinItsTimeoutInsteadOfRetryingForever() {
    // SSL against the plaintext test broker: the handshake never completes; the pass-through API
    // timeout bounds it.
    KafkaConfig c =
        configured(
            "--kafka.security.protocol",
            "SSL",
            "--kafka.default.api.timeout.ms",
            "3000",
            "--kafka.request.timeout.ms",
            "2000");
    long start = System.nanoTime();
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> TopicAdmin.ensureTopics(c));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
    assertTrue(e.getMessage().contains("cannot create topics on " + c.bootstrap()), e.getMessage());
  }
}
