package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.ServiceRunner;
import dev.tagstream.core.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C stops {@code up} within its drain timeout (plus the stop grace) even when its broker has
 * failed while the services were starting: once, the prediction view's Streams start held its lock
 * waiting for the gone broker, the shutdown hook waited on that lock (over 120 s seen), and every
 * later Ctrl-C was ignored.
 */
class UpStopIT {
  static final Duration DRAIN = Duration.ofSeconds(2);

  @TempDir Path dir;

  @Test
  void ctrlCStopsUpWithinItsDrainTimeoutAfterItsBrokerDied() throws Exception {
    int[] ports = FreePorts.take(1 + CommandCatalog.services().size(), 0);
    Process broker =
        start(
            dir.resolve("broker.log"),
            "broker",
            "--broker-port",
            ports[0] + "",
            "--data-dir",
            dir.resolve("b") + "");
    Process up = null;
    try {
      UpCommandIT.awaitLine(dir.resolve("broker.log"), "broker listening at", broker);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "up",
                  "--broker-port",
                  ports[0] + "",
                  "--data-dir",
                  dir.resolve("u").toString(),
                  "--worker.drain-timeout",
                  DRAIN.toSeconds() + "s"));
      int i = 1;
      for (ServiceFactory f : CommandCatalog.services()) {
        args.addAll(List.of("--" + f.name() + ".http-port", ports[i++] + ""));
      }
      Path log = dir.resolve("up.log");
      up = start(log, args.toArray(String[]::new));
      // The services are about to start; the broker dies.
      awaitServicesStarting(log, up);
      broker.destroyForcibly().waitFor();
      Thread.sleep(15_000); // the services start against it and wait

      Duration before = cpu(up);
      Thread.sleep(2_000);
      Duration used = cpu(up).minus(before);
      assertTrue(
          used.toMillis() < 1_500,
          "up spent "
              + used.toMillis()
              + " ms of CPU in 2 s without its broker:\n"
              + Files.readString(log));

      long t0 = System.nanoTime();
      signal("INT", up);
      Duration allowed = DRAIN.plus(ServiceRunner.STOP_GRACE).plusSeconds(15);
      boolean exited = up.waitFor(allowed.toMillis(), TimeUnit.MILLISECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "up exited %d ms after SIGINT, status %s; its output without stack traces:%n%s%n",
          ms,
          exited ? up.exitValue() : "-",
          Files.readAllLines(log).stream()
              .filter(l -> !l.startsWith("\t") && !l.contains("StateDirectory"))
              .collect(java.util.stream.Collectors.joining("\n")));
      assertTrue(
          exited,
          "up still running " + allowed.toSeconds() + " s after SIGINT:\n" + Files.readString(log));
    } finally {
      if (up != null) {
        up.destroyForcibly().waitFor();
      }
      broker.destroyForcibly().waitFor();
    }
  }

  /**
   * A tagstream JVM with Ctrl-C at its default: a build started in the background (as CI and
   * scripts do) hands its children SIGINT ignored, and a JVM keeps an ignored SIGINT ignored.
   */
  private static Process start(Path log, String... args) throws Exception {
    List<String> cmd = MainJvm.command(List.of("-Xmx1g", "-Dai.djl.offline=true"));
    // a JVM started in the background of a non-interactive shell inherits SIGINT ignored
    cmd.addAll(0, List.of("/usr/bin/env", "--default-signal=INT"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(log.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * Waits for up's line saying its services are built and about to start, polling often: the broker
   * must freeze while they start, before the prediction view has restored its stores.
   */
  private static void awaitServicesStarting(Path log, Process up) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!Files.readString(log).contains("tagstream up: Kafka at")) {
      assertTrue(up.isAlive() && System.nanoTime() < deadline, "up never got to its services");
      Thread.sleep(10);
    }
  }

  private static void signal(String name, Process p) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor();
  }

  private static Duration cpu(Process p) {
    return p.info().totalCpuDuration().orElseThrow();
  }
}
