package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.testkit.Records;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagstream up} as a separate process: broker and every service answer, tail sees what a
 * producer wrote.
 */
class UpCommandIT {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void upRunsTheBrokerAndEveryServiceAndTailPrintsWhatAProducerWrote(@TempDir Path dir)
      throws Exception {
    java.util.Deque<Integer> free = new java.util.ArrayDeque<>();
    for (int p : dev.tagstream.core.net.FreePorts.take(1 + CommandCatalog.services().size(), 0)) {
      free.add(p);
    }
    int brokerPort = free.pop();
    Map<String, Integer> ports = new LinkedHashMap<>();
    List<String> cmd =
        MainJvm.command(
            List.of("-Xmx2g", "-Dai.djl.offline=true"),
            "up",
            "--broker-port",
            Integer.toString(brokerPort),
            "--data-dir",
            dir.toString(),
            "--partitions",
            "2");
    for (ServiceFactory f : CommandCatalog.services()) {
      int p = free.pop();
      ports.put(f.name(), p);
      cmd.add("--" + f.name() + ".http-port");
      cmd.add(Integer.toString(p));
    }
    // The feedback app needs a vocabulary (default <data-dir>/labels.json); a small hierarchy will
    // do.
    Files.writeString(
        dir.resolve("labels.json"),
        "[{\"name\":\"animal\",\"parents\":[]},{\"name\":\"cat\",\"parents\":[\"animal\"]}]");
    Path log = dir.resolve("up.log");
    Process up =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitLine(log, "tagstream up: Kafka at 127.0.0.1:" + brokerPort + " (embedded)", up);
      for (var e : ports.entrySet()) {
        awaitStatus(e.getValue(), "/healthz", 200, up, log);
        HttpResponse<String> metrics = get(e.getValue(), "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(
            metrics.body().contains("service=\"" + e.getKey() + "\""), e.getKey() + " metrics");
        HttpResponse<String> ready = get(e.getValue(), "/readyz");
        assertTrue(
            ready.statusCode() == 200 || ready.statusCode() == 503,
            e.getKey() + " readyz " + ready.statusCode());
        assertTrue(ready.body().startsWith("{\"service\":\"" + e.getKey() + "\""), ready.body());
      }

      KafkaConfig c = new KafkaConfig("127.0.0.1:" + brokerPort, "", 2, (short) 1, dir, brokerPort);
      Records.send(c, Topics.IMAGES, "from-test", ContractSamples.image("from-test"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      // No --bootstrap: tail finds the broker 'up' started on the local port.
      int rc =
          Main.run(
              List.of("tail", "images", "--broker-port", Integer.toString(brokerPort)),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("\"key\":\"from-test\""), printed);
      assertTrue(printed.contains("\"uri\":\"file:///data/from-test.png\""), printed);
    } finally {
      up.destroy(); // SIGTERM: services drain and the broker stops
      boolean exited = up.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        up.destroyForcibly();
      }
      assertTrue(
          exited, "tagstream up did not stop within 60 s of SIGTERM:\n" + Files.readString(log));
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitStatus(int port, String path, int status, Process p, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "tagstream up exited:\n" + Files.readString(log));
      try {
        if (get(port, path).statusCode() == status) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        path + " on " + port + " never answered " + status + ":\n" + Files.readString(log));
  }

  /**
   * Waits up to 180 s for {@code text} in a process's log, failing as soon as the process exits.
   */
  static void awaitLine(Path log, String text, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      String s = Files.exists(log) ? Files.readString(log) : "";
      if (s.contains(text)) {
        return;
      }
      assertTrue(p.isAlive(), "the process exited:\n" + s);
      Thread.sleep(200);
    }
    throw new AssertionError("never saw '" + text + "':\n" + Files.readString(log));
  }
}
