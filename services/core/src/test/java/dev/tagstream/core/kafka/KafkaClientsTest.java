package dev.tagstream.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private static KafkaConfig withArgs(String... args) {
    return KafkaSettings.read(Settings.parse(KafkaSettings.all(), List.of(args), Map.of()))
        .withBootstrap("b:9092");
  }

  @Test
  void passThroughBeatsTagstreamDefaultsInEveryClient() {
    KafkaConfig c =
        withArgs(
            "--kafka.security.protocol",
            "SASL_SSL",
            "--kafka.linger.ms",
            "50",
            "--kafka.request.timeout.ms",
            "7000",
            "--worker.kafka.client.id",
            "w1");
    Map<String, Object> producer = KafkaClients.producerProps(c.forRole("worker"), "scoring");
    assertEquals("SASL_SSL", producer.get("security.protocol"));
    assertEquals("50", producer.get("linger.ms"));
    assertEquals("w1", producer.get("client.id"));
    assertEquals("all", producer.get("acks"));
    assertEquals(
        "scoring", KafkaClients.producerProps(c.forRole("ingest"), "scoring").get("client.id"));
    assertEquals("7000", KafkaClients.adminProps(c).get("request.timeout.ms"));
    assertEquals("SASL_SSL", KafkaClients.readerProps(c, "r", true).get("security.protocol"));
    assertEquals("read_committed", KafkaClients.readerProps(c, "r", true).get("isolation.level"));
    var streams =
        KafkaClients.streamsProps(c.forRole("feedback"), "app", Map.of("application.id", "app"));
    assertEquals("SASL_SSL", streams.get("security.protocol"));
    assertEquals("b:9092", streams.get("bootstrap.servers"));
  }

  @Test
  void everyKeyAClientBuilderOwnsIsRefusedAsPassThrough() {
    for (String key : List.of("bootstrap.servers", "transactional.id", "group.id")) {
      assertThrows(ConfigException.class, () -> withArgs("--kafka." + key, "x"), key);
    }
    var owned = new java.util.HashSet<>(KafkaClients.producerOwned().keySet());
    owned.addAll(KafkaClients.readerOwned(true).keySet());
    for (String key : owned) {
      assertThrows(ConfigException.class, () -> withArgs("--kafka." + key, "x"), key);
    }
  }
}
