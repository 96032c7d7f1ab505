package dev.tagstream.feedback;

import static dev.tagstream.contracts.LabelDecision.POSITIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.broker.testkit.ServiceAcls;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.testkit.Records;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback Streams app, exactly-once (its default), on a SASL_SSL (SCRAM-SHA-512) broker
 * enforcing ACLs, as a principal holding only the feedback ACLs of docs/operations.md ({@link
 * ServiceAcls}).
 */
class FeedbackSaslIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  @Test
  void foldsAConfirmationExactlyOnceAsAPrincipalWithOnlyItsDocumentedAcls() throws Exception {
    SecureTestBroker broker = SecureTestBroker.get();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "f" + id + ".";
    KafkaConfig admin = broker.adminConfig(prefix);
    TopicAdmin.ensureTopics(admin);

    String user = "feedback-" + id;
    broker.createUser(user, user + "-pw");
    broker.grant(user, prefix, ServiceAcls.of("feedback", true));

    Path vocabulary = dir.resolve("labels.json");
    Fixture.VOCABULARY.write(vocabulary);
    KafkaConfig kafka =
        broker
            .config(
                prefix,
                broker.clientPropertiesFile(user, user + "-pw"),
                "--data-dir",
                dir.toString())
            .forRole("feedback");
    FeedbackServiceFactory factory = new FeedbackServiceFactory();
    var settings =
        dev.tagstream.core.config.Settings.parse(
            factory.settings(),
            List.of("--feedback.vocabulary", vocabulary.toString(), "--feedback.http-port", "0"),
            Map.of());
    TopicAdmin.ensureTopics(kafka); // the service's start-up check, as this principal
    try (Service service = factory.create(kafka, settings)) {
      service.start();
      Records.send(admin, Topics.IMAGES, "img-1", Fixture.image("img-1", 500));
      Records.send(admin, Topics.LABELS, "img-1", Fixture.confirm("img-1", "cat", POSITIVE, 1000));
      List<ConsumerRecord<String, LabelState>> states =
          Records.readUntil(
              admin,
              Topics.LABEL_STATE,
              WAIT,
              true,
              l -> !l.isEmpty() && l.get(l.size() - 1).value().getConfirmations() == 1);
      assertEquals(1, states.get(states.size() - 1).value().getConfirmations());
      assertEquals("img-1", states.get(states.size() - 1).key());
    }
  }
}
