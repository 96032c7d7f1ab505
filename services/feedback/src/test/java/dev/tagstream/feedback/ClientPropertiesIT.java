package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's own client properties, given as the CLI gives them, reach its Streams clients on the
 * real broker.
 */
class ClientPropertiesIT {
  @TempDir Path dir;

  @Test
  void theFeedbackRolesClientIdIsWhatTheBrokerSeesInItsGroup() throws Exception {
    KafkaConfig fresh = TestBroker.freshConfig(1);
    Path vocabulary = dir.resolve("labels.json");
    Fixture.VOCABULARY.write(vocabulary);
    FeedbackServiceFactory factory = new FeedbackServiceFactory();
    List<Setting> all = new ArrayList<>(KafkaSettings.all());
    all.addAll(factory.settings());
    Settings s =
        Settings.parse(
            all.stream().distinct().toList(),
            List.of(
                "--topic-prefix",
                fresh.topicPrefix(),
                "--data-dir",
                dir.toString(),
                "--feedback.vocabulary",
                vocabulary.toString(),
                "--feedback.http-port",
                "0",
                "--kafka.client.id",
                "shared-id"),
            Map.of("TAGSTREAM_FEEDBACK_KAFKA_CLIENT_ID", "feedback-passthrough"));
    // As ServiceCommand does: the runtime resolves the bootstrap, the service gets its role's view.
    KafkaConfig kafka = KafkaSettings.read(s).withBootstrap(fresh.bootstrap()).forRole("feedback");

    try (Service service = factory.create(kafka, s);
        Admin admin = Admin.create(KafkaClients.adminProps(fresh))) {
      service.start();
      String group = fresh.topicPrefix() + "tagstream-feedback";
      List<String> clientIds = List.of();
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          System.nanoTime() < end;
          Thread.sleep(200)) {
        clientIds =
            admin
                .describeConsumerGroups(List.of(group))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(group)
                .members()
                .stream()
                .map(MemberDescription::clientId)
                .toList();
        if (!clientIds.isEmpty()) {
          break;
        }
      }
      // Streams names its consumer <client.id>-StreamThread-<n>-consumer.
      List<String> seen = clientIds;
      assertTrue(
          !seen.isEmpty()
              && seen.stream().allMatch(id -> id.startsWith("feedback-passthrough-StreamThread-")),
          "members of " + group + ": " + seen);
    }
  }
}
