package dev.tagstream.trainer;

import static dev.tagstream.trainer.TrainerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.ModelArtifact;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry's disk fills up while a candidate is written: the training fails and is counted, no
 * partial version is left in the registry, nothing is announced, and the current model stays
 * current. The registry is a real 512 KiB tmpfs (the candidate needs about 1.2 MiB), which needs
 * root; CI runs as root.
 */
class RegistryDiskFullIT {
  private static boolean run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @Test
  void aFullRegistryDiskLeavesNoPartialVersionAndTheCurrentModelServing() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(3);
    Path work = TrainerFixture.workDir("diskfull");
    Path registry = Files.createDirectories(work.resolve("registry"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", registry.toString()),
        "mounting a tmpfs needs root (CI runs as root)");
    TrainerService trainer = null;
    try {
      ModelArtifact good = TrainerFixture.goodModel();
      TrainerFixture.announce(kafka, good, ReleaseStatus.PROMOTED);
      List<LabelState> states = new ArrayList<>();
      List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), 90, 8);
      for (int i = 0; i < scenes.size(); i++) {
        states.add(ShapeScenes.state(scenes.get(i), i, 2));
      }
      TrainerFixture.sendStates(kafka, states);
      trainer =
          TrainerFixture.service(
              kafka,
              work,
              "--trainer.min-new-confirmations",
              "180",
              "--trainer.full-every",
              "0",
              "--trainer.min-interval",
              "1h");
      trainer.start();
      TrainerService t = trainer;
      await(
          "the training to fail on the full disk",
          Duration.ofSeconds(180),
          () -> t.metrics().failed.count() == 1.0);
      await(
          "the training thread to finish",
          Duration.ofSeconds(10),
          () -> !t.metrics().trainingActive());

      assertEquals(
          1, TrainerFixture.modelsEndOffset(kafka), "nothing announced after the current model");
      try (Stream<Path> left = Files.list(registry)) {
        assertEquals(List.of(), left.toList(), "no partial version, no temporary directory");
      }
      ReleaseLog log = new ReleaseLog("tagger");
      TrainerFixture.releases(kafka, Duration.ofSeconds(10), 1).forEach(log::apply);
      ModelRelease current = log.current().orElseThrow();
      assertEquals(good.info().version(), current.getVersion());
      assertEquals(0.0, trainer.metrics().promoted.count() + trainer.metrics().rejected.count());
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + trainer.httpPort() + "/healthz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(
          200, health.statusCode(), "the trainer lives on to retry later: " + health.body());
    } finally {
      if (trainer != null) {
        trainer.close();
      }
      run("umount", registry.toString());
    }
  }
}
