package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.datasets.EmojiPackageFixture;
import dev.tagstream.datasets.EmojiScenesBuilder;
import dev.tagstream.datasets.EmojiScenesConfig;
import dev.tagstream.datasets.ObservedLabels;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.train.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "run the broker, then each service separately" path: {@code broker}, then {@code
 * ingest}, {@code worker}, {@code feedback} and {@code trainer}, each its own OS process joining it
 * on the broker port. Images with labels train a first model, new images are scored by it,
 * confirmations trigger a retrain.
 */
class SeparateProcessesIT {
  private final List<Process> processes = new ArrayList<>();

  @Test
  void brokerAndEachServiceAsItsOwnProcessSubmitScoreConfirmAndRetrain(@TempDir Path dir)
      throws Exception {
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    Path data = dir.resolve("data");
    new EmojiScenesBuilder(
            new EmojiScenesConfig(
                List.of("google"),
                data,
                60,
                0,
                20,
                5,
                ObservedLabels.parse("full"),
                64,
                assets,
                dir.resolve("cache"),
                "sep"),
            ProgressBar.silent())
        .build();
    String labels = data.resolve("labels.json").toString();
    List<ManifestEntry> train = Manifest.read(data.resolve("train.jsonl"));
    List<ManifestEntry> fresh = Manifest.read(data.resolve("test.jsonl"));

    int[] ports = dev.tagstream.core.net.FreePorts.take(5, 0);
    String broker = Integer.toString(ports[0]);
    Map<String, Integer> http = new LinkedHashMap<>();
    try {
      Path brokerLog =
          start(
              dir,
              "broker",
              List.of(
                  "broker",
                  "--broker-port",
                  broker,
                  "--data-dir",
                  dir.resolve("broker").toString(),
                  "--partitions",
                  "2",
                  "--replication",
                  "1"));
      UpCommandIT.awaitLine(brokerLog, "broker listening at 127.0.0.1:" + broker, processes.get(0));
      Map<String, List<String>> services = new LinkedHashMap<>();
      services.put(
          "ingest", List.of("--ingest.vocabulary", labels, "--ingest.file-roots", data.toString()));
      services.put("worker", List.of("--worker.file-roots", data.toString()));
      services.put("feedback", List.of("--feedback.vocabulary", labels));
      services.put(
          "trainer",
          List.of(
              "--trainer.vocabulary",
              labels,
              "--trainer.file-roots",
              data.toString(),
              "--trainer.registry",
              dir.resolve("registry").toString(),
              "--trainer.min-new-confirmations",
              "40",
              "--trainer.min-interval",
              "0s",
              "--trainer.epochs",
              "2",
              "--trainer.validation-percent",
              "20"));
      int i = 1;
      for (Map.Entry<String, List<String>> s : services.entrySet()) {
        int port = ports[i++];
        http.put(s.getKey(), port);
        List<String> args =
            new ArrayList<>(
                List.of(
                    s.getKey(),
                    "--broker-port",
                    broker,
                    "--data-dir",
                    dir.resolve(s.getKey()).toString(),
                    "--" + s.getKey() + ".http-port",
                    Integer.toString(port)));
        args.addAll(s.getValue());
        start(dir, s.getKey(), args);
      }
      for (Map.Entry<String, Integer> s : http.entrySet()) {
        // the worker is ready only once a model is promoted; alive is what it can be now
        awaitHttp(
            s.getValue(),
            s.getKey().equals("worker") ? "/healthz" : "/readyz",
            200,
            dir,
            s.getKey());
      }
      IngestCalls ingest = new IngestCalls(http.get("ingest"), null);

      // 60 images with their labels: the trainer's trigger fires and it announces v0001
      ingest.acceptAll("/v1/images", train.stream().map(e -> image(e, true)).toList());
      JsonNode v1 = awaitRelease(ingest, 1, dir);
      assertEquals("v0001", v1.get("version").asText());
      assertEquals("promoted", v1.get("status").asText());

      // new images, no labels: the worker (its own process) scores them with v0001
      ingest.acceptAll("/v1/images", fresh.stream().map(e -> image(e, false)).toList());
      for (ManifestEntry e : fresh) {
        JsonNode p =
            await(
                () -> ingest.get("/v1/images/" + e.id()).json(),
                j -> j.has("prediction") && !j.get("prediction").isNull(),
                "a prediction of " + e.id(),
                dir);
        assertEquals("v0001", p.get("prediction").get("modelVersion").asText());
      }

      // confirmations through the API reach feedback's label-state and trigger the retrain
      List<ObjectNode> confirmations = new ArrayList<>();
      for (ManifestEntry e : fresh) {
        for (String l : e.positives()) {
          confirmations.add(
              IngestCalls.JSON
                  .createObjectNode()
                  .put("id", e.id())
                  .put("label", l)
                  .put("state", "positive")
                  .put("source", "test"));
        }
      }
      assertTrue(confirmations.size() >= 40, "need 40 confirmations, have " + confirmations.size());
      ingest.acceptAll("/v1/labels", confirmations);
      JsonNode v2 = awaitRelease(ingest, 2, dir);
      assertEquals("v0002", v2.get("version").asText());
      assertEquals("v0001", v2.get("parent").asText());
    } finally {
      for (int j = processes.size() - 1; j >= 0; j--) {
        processes.get(j).destroy();
        if (!processes.get(j).waitFor(60, TimeUnit.SECONDS)) {
          processes.get(j).destroyForcibly();
        }
      }
    }
  }

  private Path start(Path dir, String name, List<String> args) throws Exception {
    List<String> cmd = MainJvm.command(List.of("-Xmx1g", "-Dai.djl.offline=true"));
    cmd.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().put("TORCH_CPP_LOG_LEVEL", "ERROR");
    processes.add(pb.start());
    return log;
  }

  private static ObjectNode image(ManifestEntry e, boolean withLabels) {
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

  private JsonNode awaitRelease(IngestCalls ingest, int n, Path dir) throws Exception {
    JsonNode list =
        await(
            () -> ingest.get("/v1/review/models").json(),
            j -> j.get("releases").size() >= n,
            n + " model release(s)",
            dir);
    JsonNode releases = list.get("releases"); // newest first
    return releases.get(releases.size() - n);
  }

  private void awaitHttp(int port, String path, int status, Path dir, String name)
      throws Exception {
    IngestCalls c = new IngestCalls(port, null);
    await(
        () -> {
          try {
            return IngestCalls.JSON.createObjectNode().put("status", c.get(path).status());
          } catch (RuntimeException notYet) {
            return IngestCalls.JSON.createObjectNode().put("status", -1);
          }
        },
        j -> j.get("status").asInt() == status,
        name + " " + path + " " + status,
        dir);
  }

  interface Probe {
    JsonNode get() throws Exception;
  }

  /** Polls for up to 4 minutes; fails at once, with every log, when a process has exited. */
  private JsonNode await(Probe probe, Predicate<JsonNode> done, String what, Path dir)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        assertTrue(p.isAlive(), "a process exited while waiting for " + what + ":\n" + logs(dir));
      }
      last = probe.get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no " + what + " within 4 minutes (last answer " + last + "):\n" + logs(dir));
  }

  private static String logs(Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String n : List.of("broker", "ingest", "worker", "feedback", "trainer")) {
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
}
