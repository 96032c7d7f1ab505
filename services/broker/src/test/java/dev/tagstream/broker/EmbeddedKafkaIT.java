package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.testkit.Records;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Every message type through the real broker and back, and the topics' settings. */
class EmbeddedKafkaIT {

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyMessageTypeTravelsThroughTheBrokerUnchanged() {
    KafkaConfig c = TestBroker.freshConfig(3);
    List<Topic<?>> topics = Topics.all();
    List<SpecificRecord> samples = ContractSamples.oneOfEach();
    for (int i = 0; i < topics.size(); i++) {
      Records.send(c, (Topic) topics.get(i), "key-" + i, samples.get(i));
    }
    for (int i = 0; i < topics.size(); i++) {
      var got = Records.readAtLeast(c, (Topic) topics.get(i), 1, Duration.ofSeconds(30));
      assertEquals(1, got.size(), topics.get(i).baseName());
      assertEquals(
          "key-" + i, ((org.apache.kafka.clients.consumer.ConsumerRecord) got.get(0)).key());
      assertEquals(
          samples.get(i), ((org.apache.kafka.clients.consumer.ConsumerRecord) got.get(0)).value());
    }
  }

  @Test
  void topicsAreCreatedWithTheirSettings() throws Exception {
    KafkaConfig c = TestBroker.freshConfig(4);
    try (Admin admin = Admin.create(KafkaClients.adminProps(c))) {
      Map<String, TopicDescription> d =
          admin
              .describeTopics(
                  List.of(Topics.IMAGES.name(c.topicPrefix()), Topics.MODELS.name(c.topicPrefix())))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS);
      assertEquals(4, d.get(Topics.IMAGES.name(c.topicPrefix())).partitions().size());
      assertEquals(1, d.get(Topics.MODELS.name(c.topicPrefix())).partitions().size());
      var res =
          new ConfigResource(ConfigResource.Type.TOPIC, Topics.LABEL_STATE.name(c.topicPrefix()));
      var cfg = admin.describeConfigs(List.of(res)).all().get(10, TimeUnit.SECONDS).get(res);
      assertEquals("compact", cfg.get("cleanup.policy").value());
      var img = new ConfigResource(ConfigResource.Type.TOPIC, Topics.IMAGES.name(c.topicPrefix()));
      assertEquals(
          "delete",
          admin
              .describeConfigs(List.of(img))
              .all()
              .get(10, TimeUnit.SECONDS)
              .get(img)
              .get("cleanup.policy")
              .value());
    }
    // Idempotent: a second run creates nothing.
    assertEquals(List.of(), TopicAdmin.ensureTopics(c));
  }

  @Test
  void aRestartedBrokerKeepsItsData(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    KafkaConfig c;
    try (EmbeddedKafka k = EmbeddedKafka.start(dir, 0)) {
      c = new KafkaConfig(k.bootstrap(), "", 1, (short) 1, dir, 0);
      TopicAdmin.ensureTopics(c);
      Records.send(c, Topics.LABELS, "a", ContractSamples.confirmation("a"));
    }
    try (EmbeddedKafka k = EmbeddedKafka.start(dir, 0)) {
      assertEquals(c.bootstrap(), k.bootstrap());
      var got = Records.readAtLeast(c, Topics.LABELS, 1, Duration.ofSeconds(30));
      assertEquals(ContractSamples.confirmation("a"), got.get(0).value());
    }
  }

  @Test
  void aSecondBrokerOnADataDirectoryInUseIsRefusedAtOnceAndAPortZeroCommandJoinsTheFirst(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path data) {
    java.nio.file.Path dir = data.resolve("kafka");
    try (EmbeddedKafka k = EmbeddedKafka.start(dir, 0)) {
      long t0 = System.nanoTime();
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              dev.tagstream.core.kafka.KafkaUnavailableException.class,
              () -> EmbeddedKafka.start(dir, 0));
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "refused at once");
      assertEquals(
          "the broker data directory "
              + dir
              + " is in use by another broker (it listens on "
              + k.bootstrap()
              + "); join that broker (the same --data-dir, or --broker-port with its port) or use another --data-dir",
          e.getMessage());

      // --broker-port 0 with the same data directory: the port the first one recorded is joined,
      // nothing started
      try (dev.tagstream.core.kafka.KafkaRuntime joined =
          dev.tagstream.core.kafka.KafkaRuntime.open(
              new KafkaConfig(null, "", 1, (short) 1, data, 0))) {
        assertEquals(false, joined.isEmbedded());
        assertEquals(k.bootstrap(), joined.config().bootstrap());
      }
    }
    // closed: the lock is released and the directory can be used again
    try (EmbeddedKafka again = EmbeddedKafka.start(dir, 0)) {
      assertTrue(again.bootstrap().startsWith("127.0.0.1:"));
    }
  }
}
