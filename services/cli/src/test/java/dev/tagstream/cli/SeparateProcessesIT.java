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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "run the broker, then each service separately" path: {@code broker}, then {@code
 * ingest}, {@code worker}, {@code feedback} and {@code trainer}, each its own OS process joining it
 * on the broker port. Images with labels train a first model, new images are scored by it,
 * confirmations trigger a retrain.
 */
class SeparateProcessesIT {

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
    try (ServiceProcesses processes = new ServiceProcesses(dir, Duration.ofMinutes(4))) {
      Path brokerLog =
          processes.start(
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
                  "1"),
              Map.of());
      UpCommandIT.awaitLine(
          brokerLog, "broker listening at 127.0.0.1:" + broker, processes.process("broker"));
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
        processes.start(s.getKey(), args, Map.of());
      }
      for (Map.Entry<String, Integer> s : http.entrySet()) {
        // the worker is ready only once a model is promoted; alive is what it can be now
        processes.awaitHttp(
            s.getValue(), s.getKey().equals("worker") ? "/healthz" : "/readyz", 200);
      }
      IngestCalls ingest = new IngestCalls(http.get("ingest"), null);

      // 60 images with their labels: the trainer's trigger fires and it announces v0001
      ingest.acceptAll(
          "/v1/images", train.stream().map(e -> ServiceProcesses.image(e, true)).toList());
      JsonNode v1 = processes.awaitRelease(ingest, 1);
      assertEquals("v0001", v1.get("version").asText());
      assertEquals("promoted", v1.get("status").asText());

      // new images, no labels: the worker (its own process) scores them with v0001
      ingest.acceptAll(
          "/v1/images", fresh.stream().map(e -> ServiceProcesses.image(e, false)).toList());
      for (ManifestEntry e : fresh) {
        JsonNode[] p = new JsonNode[1];
        processes.await(
            () -> {
              p[0] = ingest.get("/v1/images/" + e.id()).json();
              return p[0].has("prediction") && !p[0].get("prediction").isNull();
            },
            "a prediction of " + e.id());
        assertEquals("v0001", p[0].get("prediction").get("modelVersion").asText());
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
      JsonNode v2 = processes.awaitRelease(ingest, 2);
      assertEquals("v0002", v2.get("version").asText());
      assertEquals("v0001", v2.get("parent").asText());
    }
  }
}
