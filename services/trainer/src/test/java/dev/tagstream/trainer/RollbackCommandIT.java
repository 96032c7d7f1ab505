package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollbackCommandIT {
  private static final ReleaseStatus PROMOTED = ReleaseStatus.PROMOTED;

  private KafkaConfig kafka;
  private Path registry;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void registryWithOneVersion() throws IOException {
    kafka = TestBroker.freshConfig(1);
    registry = TrainerFixture.workDir("rollback").resolve("registry");
    copy(TrainerFixture.goodModel().dir(), registry.resolve("v0001"));
  }

  private int rollback(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap",
                kafka.bootstrap(),
                "--topic-prefix",
                kafka.topicPrefix(),
                "--registry",
                registry.toString()));
    args.addAll(List.of(flags));
    return new RollbackCommand()
        .run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void reannouncesARegistryVersionAsPromoted() {
    assertEquals(0, rollback("--to", "v0001"), err.toString(StandardCharsets.UTF_8));

    ModelRelease r = TrainerFixture.releases(kafka, Duration.ofSeconds(30), 1).get(0);
    assertEquals(ReleaseStatus.PROMOTED, r.getStatus());
    assertEquals("tagger", r.getName());
    assertEquals("v0001", r.getVersion());
    assertEquals("rollback to v0001", r.getReason());
    assertEquals(registry.resolve("v0001").toUri().toString(), r.getArtifactUri());
    assertEquals(ShapeScenes.vocabulary().hash(), r.getLabelSetHash());
    assertTrue(
        out.toString(StandardCharsets.UTF_8)
            .startsWith("announced tagger v0001 as PROMOTED (rollback)"));
  }

  @Test
  void refusesAnUnknownVersionAndAnnouncesNothing() {
    assertEquals(1, rollback("--to", "v0009"));
    assertEquals(
        "rollback: unknown version 'v0009' in registry " + registry + "; known: [v0001]\n",
        err.toString(StandardCharsets.UTF_8));
    assertEquals(0, TrainerFixture.modelsEndOffset(kafka));
  }

  @Test
  void refusesACorruptVersionAndAnnouncesNothing() throws IOException {
    copy(registry.resolve("v0001"), registry.resolve("v0002"));
    Path head = registry.resolve("v0002").resolve(TaggerNetwork.HEAD_PARAMS);
    byte[] bytes = Files.readAllBytes(head);
    Files.write(head, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertEquals(1, rollback("--to", "v0002"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("refusing v0002")
            && err.toString(StandardCharsets.UTF_8).contains("SHA-256 mismatch"),
        err.toString(StandardCharsets.UTF_8));
    assertEquals(0, TrainerFixture.modelsEndOffset(kafka));
  }

  @Test
  void refusesAVersionTheGateRejectedUnlessForced() throws Exception {
    TrainerFixture.announce(
        kafka, ModelArtifact.load(registry.resolve("v0001")), ReleaseStatus.REJECTED);

    assertEquals(1, rollback("--to", "v0001"));
    assertEquals(
        "rollback: refusing v0001: the promotion gate REJECTED it (test fixture); pass --force to announce it"
            + " anyway\n",
        err.toString(StandardCharsets.UTF_8));
    assertEquals(1, TrainerFixture.modelsEndOffset(kafka)); // nothing announced

    assertEquals(0, rollback("--to", "v0001", "--force"), err.toString(StandardCharsets.UTF_8));
    List<ModelRelease> releases = TrainerFixture.releases(kafka, Duration.ofSeconds(30), 2);
    assertEquals(ReleaseStatus.PROMOTED, releases.get(1).getStatus());
    assertEquals("rollback to v0001", releases.get(1).getReason());
  }

  @Test
  void withdrawsTheCandidateUnderShadowEvaluationBeforeRollingBack() throws Exception {
    ModelArtifact v1 = ModelArtifact.load(registry.resolve("v0001"));
    TrainerFixture.announce(kafka, v1, PROMOTED);
    // a candidate v0002 under shadow evaluation (its artifact need not load for this)
    Records.send(
        kafka,
        Topics.MODELS,
        "tagger",
        ModelRelease.newBuilder(
                ReleasePublisher.release(
                    "tagger",
                    v1,
                    ReleaseStatus.CANDIDATE,
                    "offline winner",
                    Map.of(),
                    Instant.now()))
            .setVersion("v0002")
            .build());

    assertEquals(0, rollback("--to", "v0001"), err.toString(StandardCharsets.UTF_8));
    List<ModelRelease> releases = TrainerFixture.releases(kafka, Duration.ofSeconds(30), 4);
    assertEquals(4, releases.size());
    assertEquals("v0002", releases.get(2).getVersion());
    assertEquals(ReleaseStatus.REJECTED, releases.get(2).getStatus());
    assertEquals("withdrawn by a rollback to v0001", releases.get(2).getReason());
    assertEquals("v0001", releases.get(3).getVersion());
    assertEquals(PROMOTED, releases.get(3).getStatus());
    ReleaseLog log = new ReleaseLog("tagger");
    releases.forEach(log::apply);
    assertTrue(log.candidate().isEmpty(), "no candidate left open");
    assertEquals("v0001", log.current().orElseThrow().getVersion());
    assertTrue(
        out.toString(StandardCharsets.UTF_8)
            .contains("announced tagger v0002 as REJECTED: the candidate under shadow evaluation"),
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void rollingBackToTheOpenCandidateItselfAnnouncesOnlyItsPromotion() throws Exception {
    TrainerFixture.announce(
        kafka, ModelArtifact.load(registry.resolve("v0001")), ReleaseStatus.CANDIDATE);

    assertEquals(0, rollback("--to", "v0001"), err.toString(StandardCharsets.UTF_8));
    assertEquals(2, TrainerFixture.modelsEndOffset(kafka));
  }

  @Test
  void aVersionPromotedAfterItsRejectionNeedsNoForce() throws Exception {
    ModelArtifact v1 = ModelArtifact.load(registry.resolve("v0001"));
    TrainerFixture.announce(kafka, v1, ReleaseStatus.REJECTED);
    TrainerFixture.announce(kafka, v1, ReleaseStatus.PROMOTED); // e.g. an earlier forced rollback

    assertEquals(0, rollback("--to", "v0001"), err.toString(StandardCharsets.UTF_8));
    assertEquals(3, TrainerFixture.modelsEndOffset(kafka));
  }

  @Test
  void neverCreatesTheModelsTopic() throws Exception {
    String prefix = "absent-" + System.nanoTime() + ".";
    List<String> args =
        List.of(
            "--bootstrap",
            kafka.bootstrap(),
            "--topic-prefix",
            prefix,
            "--registry",
            registry.toString(),
            "--to",
            "v0001");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.tagstream.core.kafka.KafkaUnavailableException.class,
            () ->
                new RollbackCommand()
                    .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(
        e.getMessage().startsWith("topic " + prefix + "models does not exist on "), e.getMessage());
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            dev.tagstream.core.kafka.KafkaClients.adminProps(kafka))) {
      assertTrue(admin.listTopics().names().get().stream().noneMatch(t -> t.startsWith(prefix)));
    }
  }

  @Test
  void requiresTheVersion() {
    assertEquals(2, rollback());
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("rollback: --to is required"));
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
