package dev.tagstream.cli.reliability;

import dev.tagstream.cli.demo.MetricsScrape;
import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kills the trainer process (SIGKILL) in the middle of a training, as soon as its {@code
 * tagstream_trainer_training_active} gauge has said 1 for a moment, then checks that the registry
 * holds no partial artifact (every version directory loads and verifies its weights' hashes) and
 * restarts it.
 */
final class TrainerKill {
  private static final long KILL_AFTER_NANOS = 1_500_000_000L;
  private final ChildProcess trainer;
  private final MetricsScrape metrics;
  private final ModelRegistry registry;
  private long activeSince = -1;
  private boolean killed;
  private boolean gaveUp;
  private List<String> versions = List.of();
  private int partial;
  private int hiddenLeftovers;
  private String partialDetail = "";

  TrainerKill(ChildProcess trainer, int port, Path registry) {
    this.trainer = trainer;
    this.metrics = new MetricsScrape(port);
    this.registry = new ModelRegistry(registry);
  }

  boolean done() {
    return killed || gaveUp;
  }

  /** Called often; kills once training has been active for a moment. */
  void poll() throws InterruptedException {
    if (done()) {
      return;
    }
    if (!active()) {
      activeSince = -1;
      return;
    }
    long now = System.nanoTime();
    if (activeSince < 0) {
      activeSince = now;
    } else if (now - activeSince > KILL_AFTER_NANOS) {
      trainer.kill();
      killed = true;
      inspect();
      trainer.start();
    }
  }

  /** The run is ending without a training having started. */
  void giveUp() {
    gaveUp = !killed;
  }

  private boolean active() {
    try {
      return metrics.gauge("tagstream_trainer_training_active") >= 1;
    } catch (IOException | NumberFormatException e) {
      return false; // not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void inspect() {
    versions = registry.versions();
    for (String v : versions) {
      try {
        ModelArtifact.load(registry.pathFor(v));
      } catch (ArtifactException e) {
        partial++;
        partialDetail += v + ": " + e.getMessage() + "; ";
      }
    }
    try (Stream<Path> s = Files.list(registry.root())) {
      hiddenLeftovers = (int) s.filter(p -> p.getFileName().toString().startsWith(".")).count();
    } catch (IOException e) {
      hiddenLeftovers = -1;
    }
  }

  void report(Report report) {
    String section = "faults";
    if (!killed) {
      report.add(
          section,
          "trainer killed (SIGKILL) mid-training",
          "killed while training",
          "no training started during the load",
          false);
      return;
    }
    report.add(
        section,
        "trainer killed (SIGKILL) mid-training, restarted",
        "no partial artifact in the registry",
        String.format(
            "versions after the kill %s; partial %d %s; unfinished temporary directories (never visible "
                + "as versions) %d",
            versions, partial, partialDetail, hiddenLeftovers),
        partial == 0);
  }
}
