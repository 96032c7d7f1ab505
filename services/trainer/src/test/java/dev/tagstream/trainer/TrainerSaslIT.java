package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.broker.testkit.ServiceAcls;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.core.testkit.Records;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The trainer's Kafka clients (release publisher, label-state and models follower) on a SASL_SSL
 * (SCRAM-SHA-512) broker enforcing ACLs, as a principal holding only the trainer ACLs of
 * docs/operations.md ({@link ServiceAcls}).
 */
class TrainerSaslIT {
  @Test
  void publishesAReleaseAndFollowsBothTopicsWithOnlyItsDocumentedAcls() {
    SecureTestBroker broker = SecureTestBroker.get();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "r" + id + ".";
    KafkaConfig admin = broker.adminConfig(prefix);
    TopicAdmin.ensureTopics(admin);
    Records.send(admin, Topics.LABEL_STATE, "img-1", ContractSamples.labelState("img-1"));

    String user = "trainer-" + id;
    broker.createUser(user, user + "-pw");
    broker.grant(user, prefix, ServiceAcls.of("trainer", false));
    KafkaConfig kafka =
        broker.config(prefix, broker.clientPropertiesFile(user, user + "-pw")).forRole("trainer");
    TopicAdmin.ensureTopics(kafka); // the service's start-up check, as this principal

    try (ReleasePublisher publisher = new ReleasePublisher(kafka, "tagstream-trainer")) {
      publisher.publish(ContractSamples.release("v0001"));
    }
    LabelStateSnapshot snapshot = new LabelStateSnapshot();
    ReleaseLog history = new ReleaseLog(ContractSamples.release("v0001").getName());
    TrainerMetrics metrics =
        new TrainerMetrics(new SimpleMeterRegistry(), snapshot::size, snapshot::newConfirmations);
    try (TopicFollower follower = new TopicFollower(kafka, snapshot, history, metrics)) {
      follower.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!follower.caughtUp() && System.nanoTime() < deadline) {
        follower.poll(Duration.ofMillis(100));
      }
      assertTrue(follower.caughtUp());
    }
    assertEquals(1, snapshot.size());
    assertEquals(
        List.of("v0001"), history.promotedNewestFirst().stream().map(r -> r.getVersion()).toList());
  }
}
