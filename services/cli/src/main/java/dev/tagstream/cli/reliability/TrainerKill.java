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
 *
 * <p>It watches on its own thread: the run's fault steps (a broker restart, a worker kill) block
 * the main loop for seconds, and a training that fitted inside one of them went unseen (CI on
 * 8557b41: "no training started during the load", yet v0903 was trained and promoted meanwhile).
 */
final class TrainerKill implements AutoCloseable {
  private static final long KILL_AFTER_NANOS = 1_500_000_000L;
  private static final long POLL_MILLIS = 100;
  private final ChildProcess trainer;
  private final MetricsScrape metrics;
  private final ModelRegistry registry;
  private final Thread watcher;
  private long activeSince = -1;
  private volatile boolean killed;
  private volatile boolean gaveUp;
  private List<String> versions = List.of();
  private int partial;
  private int hiddenLeftovers;
  private String partialDetail = "";

  TrainerKill(ChildProcess trainer, int port, Path registry) {
    this.trainer = trainer;
    this.metrics = new MetricsScrape(port);
    this.registry = new ModelRegistry(registry);
    this.watcher = new Thread(this::watch, "trainer-kill");
    watcher.setDaemon(true);
  }

  /** Starts watching the trainer's gauge. */
  void start() {
    watcher.start();
  }

  /** True once the trainer has been killed and restarted, or the run gave up waiting. */
  boolean done() {
    return killed || gaveUp;
  }

  private void watch() {
    try {
      while (!done()) {
        poll();
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills once training has been active for a moment. */
  private synchronized void poll() throws InterruptedException {
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
      inspect();
      trainer.start();
      killed = true; // only now: the main loop revives a trainer it finds dead once done()
    }
  }

  /** The run is ending without a training having started. */
  synchronized void giveUp() {
    gaveUp = !killed;
  }

  @Override
  public void close() throws InterruptedException {
    giveUp();
    watcher.interrupt();
    watcher.join(10_000);
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

  synchronized void report(Report report) {
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
