package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.core.config.ChildJvmEnvironment;
import dev.tagstream.model.data.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tests that run the broker or the services each as its own OS process ({@link MainJvm}), with
 * a log file per process under {@code dir}: starting them, waiting on what they answer (failing at
 * once, with every log, when one has exited) and stopping them side by side.
 */
final class ServiceProcesses implements AutoCloseable {
  /** A condition polled until it holds. */
  interface Check {
    boolean done() throws Exception;
  }

  private final Path dir;
  private final Duration wait;
  private final Map<String, Process> processes = new LinkedHashMap<>();

  ServiceProcesses(Path dir, Duration wait) {
    this.dir = dir;
    this.wait = wait;
  }

  /** Starts {@code Main args} as process {@code name}, its output to {@code dir/name.log}. */
  Path start(String name, List<String> args, Map<String, String> env) throws Exception {
    List<String> cmd = MainJvm.command(List.of("-Xmx1g", "-Dai.djl.offline=true"));
    cmd.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    ChildJvmEnvironment.applyTo(pb.environment());
    pb.environment().putAll(env);
    processes.put(name, pb.start());
    return log;
  }

  Process process(String name) {
    return processes.get(name);
  }

  /** Polls for up to the wait; fails at once, with every log, when a process has exited. */
  void await(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (var p : processes.entrySet()) {
        assertTrue(
            p.getValue().isAlive(),
            p.getKey() + " exited while waiting for " + what + ":\n" + logs());
      }
      if (check.done()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no " + what + " within " + wait + ":\n" + logs());
  }

  /** Waits until {@code path} on the HTTP port answers {@code status}. */
  void awaitHttp(int port, String path, int status) throws Exception {
    IngestCalls c = new IngestCalls(port, null);
    await(
        () -> {
          try {
            return c.get(path).status() == status;
          } catch (RuntimeException notYet) {
            return false;
          }
        },
        "port " + port + " " + path + " " + status);
  }

  /** The n-th model release (1-based) on ingest's review list, once there are n. */
  JsonNode awaitRelease(IngestCalls ingest, int n) throws Exception {
    JsonNode[] list = new JsonNode[1];
    await(
        () -> {
          list[0] = ingest.get("/v1/review/models").json();
          return list[0].get("releases").size() >= n;
        },
        n + " model release(s)");
    JsonNode releases = list[0].get("releases"); // newest first
    return releases.get(releases.size() - n);
  }

  /** A POST /v1/images item for a manifest entry, its positives as known labels if asked. */
  static ObjectNode image(ManifestEntry e, boolean withLabels) {
    ObjectNode o =
        IngestCalls.JSON
            .createObjectNode()
            .put("id", e.id())
            .put("uri", e.uri())
            .put("source", "test");
    if (withLabels) {
      e.positives().forEach(o.putArray("labels")::add);
    }
    return o;
  }

  /** The last 4,000 characters of each process's log. */
  String logs() throws Exception {
    StringBuilder b = new StringBuilder();
    for (String n : processes.keySet()) {
      Path log = dir.resolve(n + ".log");
      if (Files.exists(log)) {
        String s = Files.readString(log);
        b.append("--- ")
            .append(n)
            .append(" ---\n")
            .append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
      }
    }
    return b.toString();
  }

  /**
   * Stops the services side by side (each may take its drain timeout), then the broker they use, if
   * one was started as "broker"; kills what has not stopped after 60 s.
   */
  @Override
  public void close() throws InterruptedException {
    List<Process> services = new ArrayList<>(processes.values());
    Process broker = processes.get("broker");
    services.remove(broker);
    stop(services);
    if (broker != null) {
      stop(List.of(broker));
    }
  }

  private static void stop(List<Process> all) throws InterruptedException {
    all.forEach(Process::destroy);
    for (Process p : all) {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
