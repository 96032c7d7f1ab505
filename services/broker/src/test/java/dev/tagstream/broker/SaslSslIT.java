package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaUnavailableException;
import dev.tagstream.core.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tagstream's clients on a SASL_SSL (SCRAM-SHA-512) broker that enforces ACLs, configured only
 * through the pass-through client properties: one principal per role, each granted the least it
 * needs.
 */
class SaslSslIT {
  private final SecureTestBroker broker = SecureTestBroker.get();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "s" + id + ".";
  private String images;

  @BeforeEach
  void topicsCreatedByTheAdmin() {
    KafkaConfig admin = broker.adminConfig(prefix);
    assertEquals(Topics.all().size(), TopicAdmin.ensureTopics(admin).size());
    images = Topics.IMAGES.name(prefix);
  }

  /** A role's Kafka config as parsed from its flags, the way every service reads it. */
  private KafkaConfig configured(Path clientProperties, String role, String... more) {
    return broker.config(prefix, clientProperties, more).forRole(role);
  }

  /**
   * A user allowed to see every tagstream topic of this test (what start-up's topic check needs).
   */
  private String user(String role) {
    String user = role + "-" + id;
    broker.createUser(user, user + "-pw");
    broker.allow(user, ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE);
    return user;
  }

  private KafkaConfig as(String user, String role, String... more) {
    return configured(broker.clientPropertiesFile(user, user + "-pw"), role, more);
  }

  @Test
  void recordsFlowFromTheIngestPrincipalToTheWorkerPrincipalOverSaslSsl() throws Exception {
    String ingest = user("ingest");
    broker.allow(ingest, ResourceType.TOPIC, images, PatternType.LITERAL, AclOperation.WRITE);
    String worker = user("worker");
    String group = prefix + "tagstream-worker";
    broker.allow(worker, ResourceType.TOPIC, images, PatternType.LITERAL, AclOperation.READ);
    broker.allow(worker, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ);

    KafkaConfig producerSide = as(ingest, "ingest");
    KafkaConfig consumerSide = as(worker, "worker");
    // Start-up's topic check passes with DESCRIBE alone: every topic exists, nothing to create.
    assertEquals(List.of(), TopicAdmin.ensureTopics(producerSide));
    assertEquals(List.of(), TopicAdmin.ensureTopics(consumerSide));
    try (var producer =
        new KafkaProducer<String, byte[]>(KafkaClients.producerProps(producerSide, "ingest"))) {
      producer
          .send(new ProducerRecord<>(images, "img-1", "one".getBytes(StandardCharsets.UTF_8)))
          .get(30, TimeUnit.SECONDS);
    }
    try (var consumer =
        new KafkaConsumer<String, byte[]>(
            KafkaClients.consumerProps(consumerSide, group, "worker", false))) {
      consumer.subscribe(List.of(images));
      List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertEquals(1, got.size());
      assertEquals("img-1", got.get(0).key());
      assertEquals("one", new String(got.get(0).value(), StandardCharsets.UTF_8));
      consumer.commitSync(); // the group's offsets are writable with READ on the group
    }
  }

  @Test
  void aWrongPasswordFailsStartUpAtOnceWithAnAuthenticationError() {
    String ingest = user("ingest");
    KafkaConfig wrong =
        configured(broker.clientPropertiesFile(ingest, "not-the-password"), "ingest");
    long start = System.nanoTime();
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> TopicAdmin.ensureTopics(wrong));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // Authentication failures are not retried: far below the admin's 30 s API timeout.
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
    assertTrue(
        e.getMessage().startsWith("authentication to " + broker.bootstrap() + " failed"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("invalid credentials with SASL mechanism SCRAM-SHA-512"),
        e.getMessage());
    assertTrue(e.getMessage().contains("sasl.jaas.config"), e.getMessage());
  }

  @Test
  void aPrincipalThatCannotSeeTheTopicsFailsStartUpNamingATopic() {
    String stranger = "stranger-" + id;
    broker.createUser(stranger, stranger + "-pw");
    KafkaConfig c = as(stranger, "worker");
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> TopicAdmin.ensureTopics(c));
    assertTrue(
        e.getMessage()
            .matches(
                "not authorized for topic "
                    + java.util.regex.Pattern.quote(prefix)
                    + "[a-z-]+ on .*DESCRIBE.*"),
        e.getMessage());
  }

  @Test
  void aProducerWithoutWriteOnImagesFailsNamingTheTopicWithinItsTimeout() {
    String ingest = user("ingest");
    // WRITE on some topic (ingest also writes labels) is what lets an idempotent producer start at
    // all; without
    // any, Kafka refuses it with a ClusterAuthorizationException before a topic is named.
    broker.allow(
        ingest,
        ResourceType.TOPIC,
        Topics.LABELS.name(prefix),
        PatternType.LITERAL,
        AclOperation.WRITE);
    KafkaConfig c =
        as(
            ingest,
            "ingest",
            "--kafka.max.block.ms",
            "5000",
            "--kafka.delivery.timeout.ms",
            "10000",
            "--kafka.request.timeout.ms",
            "5000");
    long start = System.nanoTime();
    try (var producer =
        new KafkaProducer<String, byte[]>(KafkaClients.producerProps(c, "ingest"))) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  producer
                      .send(new ProducerRecord<>(images, "img-1", new byte[] {1}))
                      .get(30, TimeUnit.SECONDS));
      TopicAuthorizationException denied =
          assertInstanceOf(TopicAuthorizationException.class, e.getCause());
      assertEquals(java.util.Set.of(images), denied.unauthorizedTopics());
      assertTrue(denied.getMessage().contains(images), denied.getMessage());
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(15)) < 0);
  }

  @Test
  void aConsumerWithoutReadOnItsGroupFailsNamingTheGroup() {
    String worker = user("worker");
    broker.allow(worker, ResourceType.TOPIC, images, PatternType.LITERAL, AclOperation.READ);
    String group = prefix + "tagstream-worker";
    try (var consumer =
        new KafkaConsumer<String, byte[]>(
            KafkaClients.consumerProps(as(worker, "worker"), group, "worker", false))) {
      consumer.subscribe(List.of(images));
      GroupAuthorizationException e =
          assertThrows(
              GroupAuthorizationException.class,
              () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                  consumer.poll(Duration.ofMillis(200));
                }
              });
      assertEquals(group, e.groupId());
      assertTrue(e.getMessage().contains(group), e.getMessage());
    }
  }
}
