package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.broker.testkit.ServiceAcls;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.SampleImages;
import dev.tagstream.core.kafka.TopicAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker on a SASL_SSL (SCRAM-SHA-512) broker enforcing ACLs, as its own principal holding
 * exactly the ACLs docs/operations.md lists for it ({@link ServiceAcls}), or those less one; images
 * come from a separate ingest principal, outputs are read by the admin.
 */
class WorkerSaslIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir static Path images;
  @TempDir static Path models;
  private static Path v1;

  private final SecureTestBroker broker = SecureTestBroker.get();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "w" + id + ".";

  @BeforeAll
  static void files() throws IOException {
    v1 = TestModels.write(models, "v0001");
    for (int i = 0; i < 5; i++) {
      Files.write(images.resolve("img-" + i + ".png"), SampleImages.png(40, 36, i));
    }
  }

  /** A new principal of {@code role} holding exactly {@code acls}. */
  private String user(String role, List<ServiceAcls.Acl> acls) {
    String user = role + "-" + id;
    broker.createUser(user, user + "-pw");
    broker.grant(user, prefix, acls);
    return user;
  }

  private KafkaConfig as(String user, String role) {
    return broker.config(prefix, broker.clientPropertiesFile(user, user + "-pw")).forRole(role);
  }

  private List<ImageReference> submitted(int n) {
    KafkaConfig admin = broker.adminConfig(prefix);
    TopicAdmin.ensureTopics(admin);
    String ingest = user("ingest", ServiceAcls.of("ingest", false));
    List<ImageReference> refs =
        IntStream.range(0, n)
            .mapToObj(
                i ->
                    WorkerHarness.reference(
                        "img-" + i, images.resolve("img-" + i + ".png").toUri().toString()))
            .toList();
    WorkerHarness.submit(as(ingest, "ingest"), refs);
    return refs;
  }

  @Test
  void scoresExactlyOnceAsAPrincipalWithOnlyItsDocumentedAcls() {
    List<ImageReference> refs = submitted(5);
    String worker = user("worker", ServiceAcls.of("worker", true));
    KafkaConfig c = as(worker, "worker");
    TopicAdmin.ensureTopics(c); // what the service's start does first; passes with DESCRIBE alone
    try (WorkerService w =
            WorkerHarness.start(
                c,
                "--worker.model",
                v1.toString(),
                "--worker.file-roots",
                images.toString(),
                "--worker.delivery",
                "exactly-once",
                "--worker.id",
                "sasl-1");
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(broker.adminConfig(prefix), true)) {
      out.awaitIds(WAIT, refs.stream().map(r -> r.getId().toString()).toList());
      assertEquals(5, out.predictions.size());
      assertTrue(w.ready());
    }
  }

  @Test
  void withoutWriteOnPredictionsTheWorkerStopsNamingTheTopic() {
    submitted(1);
    KafkaConfig c =
        as(
            user(
                "worker",
                ServiceAcls.without(
                    ServiceAcls.of("worker", false),
                    ResourceType.TOPIC,
                    Topics.PREDICTIONS.name(""),
                    AclOperation.WRITE)),
            "worker");
    try (WorkerService w =
        WorkerHarness.start(
            c,
            "--worker.model",
            v1.toString(),
            "--worker.file-roots",
            images.toString(),
            "--worker.id",
            "sasl-2")) {
      Await.until(WAIT, () -> w.fatal() != null, () -> "the worker to stop");
      assertFalse(w.ready());
      String predictions = Topics.PREDICTIONS.name(prefix);
      assertTrue(
          w.fatal().getMessage().contains("Not authorized to access topics: [" + predictions + "]"),
          w.fatal().getMessage());
    }
  }

  @Test
  void withoutReadOnItsGroupTheWorkerStopsNamingTheGroup() {
    submitted(1);
    String group = prefix + "tagstream-worker";
    String worker =
        user(
            "worker",
            ServiceAcls.without(
                ServiceAcls.of("worker", false),
                ResourceType.GROUP,
                "tagstream-worker",
                AclOperation.READ));
    broker.allow(
        worker,
        ResourceType.GROUP,
        prefix + "some-other-group",
        PatternType.LITERAL,
        AclOperation.READ);
    try (WorkerService w =
        WorkerHarness.start(
            as(worker, "worker"),
            "--worker.model",
            v1.toString(),
            "--worker.file-roots",
            images.toString(),
            "--worker.id",
            "sasl-3")) {
      Await.until(WAIT, () -> w.fatal() != null, () -> "the worker to stop");
      assertFalse(w.ready());
      GroupAuthorizationException e =
          assertInstanceOf(GroupAuthorizationException.class, w.fatal());
      assertEquals(group, e.groupId());
      assertTrue(e.getMessage().contains(group), e.getMessage());
    }
  }
}
