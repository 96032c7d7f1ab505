package dev.tagstream.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.ClientProperties;
import dev.tagstream.core.config.KafkaConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicAdminTest {
  @Test
  void minInSyncReplicasIsAMajority() {
    assertEquals(1, TopicAdmin.minInSyncReplicas((short) 1));
    assertEquals(2, TopicAdmin.minInSyncReplicas((short) 2));
    assertEquals(2, TopicAdmin.minInSyncReplicas((short) 3));
    assertEquals(3, TopicAdmin.minInSyncReplicas((short) 5));
  }

  @Test
  void topicsAreCreatedWithTheConfiguredPartitionsReplicationAndMinInSyncReplicas() {
    KafkaConfig c =
        new KafkaConfig("k:9092", "p.", 6, (short) 3, Path.of("."), 9092, ClientProperties.NONE);
    NewTopic images = TopicAdmin.newTopic(Topics.IMAGES, c);
    assertEquals("p.images", images.name());
    assertEquals(6, images.numPartitions());
    assertEquals(3, images.replicationFactor());
    assertEquals("2", images.configs().get("min.insync.replicas"));

    NewTopic state = TopicAdmin.newTopic(Topics.LABEL_STATE, c);
    assertEquals("compact", state.configs().get("cleanup.policy"));
    assertEquals("2", state.configs().get("min.insync.replicas"));

    NewTopic models = TopicAdmin.newTopic(Topics.MODELS, c);
    assertEquals(1, models.numPartitions()); // one partition keeps the releases' order total
    assertEquals("-1", models.configs().get("retention.ms"));
    assertEquals("2", models.configs().get("min.insync.replicas"));
  }

  @Test
  void aClientThatCannotBeBuiltIsNamedWithItsReason() {
    KafkaConfig c = secured(Map.of());
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> TopicAdmin.ensureTopics(c));
    assertEquals(
        "cannot create a Kafka client for 127.0.0.1:9: Could not find a 'KafkaClient' entry in the"
            + " JAAS configuration. System property 'java.security.auth.login.config' is not set"
            + " (check --bootstrap and the client properties: security.protocol, sasl.*, ssl.*)",
        e.getMessage());
  }

  @Test
  void theReasonNeverShowsASecret() {
    KafkaConfig c =
        secured(
            Map.of(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                    + " password=\"hunter2\""));
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> TopicAdmin.ensureTopics(c));
    assertTrue(
        e.getMessage().startsWith("cannot create a Kafka client for 127.0.0.1:9: "),
        e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  private static KafkaConfig secured(Map<String, String> more) {
    Map<String, String> p = new HashMap<>(more);
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    return new KafkaConfig(
        "127.0.0.1:9",
        "p.",
        1,
        (short) 1,
        Path.of("."),
        9092,
        new ClientProperties(p, Map.of(), null));
  }
}
