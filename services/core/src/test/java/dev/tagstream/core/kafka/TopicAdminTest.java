package dev.tagstream.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.ClientProperties;
import dev.tagstream.core.config.KafkaConfig;
import java.nio.file.Path;
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
}
