package dev.tagstream.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.bench.worker.BenchImages;
import dev.tagstream.bench.worker.BenchTraffic;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.StarterModel;
import dev.tagstream.worker.WorkerServiceFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers score the model tagstream scores: the starter model exported to TorchScript gives the
 * probabilities tagstream's scorer gives (to 1e-4), and through the real broker the worker and both
 * Python consumers write the same labels with the same probabilities for the same images. Needs
 * Debian's python3-torch and friends (.ci/run installs them).
 */
class PeerAgreementIT {
  private static final int IMAGES = 24;

  @TempDir static Path tmp;

  static ModelArtifact starter;
  static PythonPeers python;
  static Path torchScript;
  static List<Path> files;

  @BeforeAll
  static void export() throws Exception {
    starter = StarterModel.load(tmp.resolve("models"));
    python = PythonPeers.open(PythonPeers.DEFAULT_PYTHON, tmp.resolve("work"));
    torchScript = TorchScriptExport.export(starter, python, tmp.resolve("work/torchscript"));
    files = BenchImages.generate(tmp.resolve("images"), IMAGES, 64);
  }

  @Test
  void exportedModelGivesTagstreamsProbabilities() throws Exception {
    PeerAgreement.Result r =
        PeerAgreement.check(starter, python, torchScript, files, 16, tmp.resolve("work"));
    assertEquals(IMAGES, r.images());
    assertEquals((long) IMAGES * starter.vocabulary().size(), r.values());
    assertTrue(r.maxAbsDiff() <= 1e-4, "max |difference| " + r.maxAbsDiff());
  }

  @Test
  void workerAndPeersWriteTheSamePredictionsThroughTheBroker() throws Exception {
    KafkaConfig base = new KafkaConfig(null, "ts.", 2, (short) 1, tmp.resolve("kafka"), 0);
    try (KafkaRuntime kafka = KafkaRuntime.start(base)) {
      KafkaConfig ts = kafka.config();
      WorkerServiceFactory f = new WorkerServiceFactory();
      Map<String, Prediction> ours;
      try (Service worker =
          f.create(
              ts,
              Settings.parse(
                  f.settings(),
                  List.of(
                      "--worker.model",
                      starter.dir().toString(),
                      "--worker.file-roots",
                      tmp.resolve("images").toString(),
                      "--worker.http-port",
                      "0",
                      "--http-bind",
                      "127.0.0.1"),
                  Map.of()))) {
        worker.start();
        ours = roundTrip(ts);
      }
      PeerConsumer.Setup setup =
          new PeerConsumer.Setup(
              python,
              torchScript,
              starter.dir(),
              tmp.resolve("images"),
              1,
              8,
              10,
              10,
              tmp.resolve("work"));
      for (PeerConsumer.Mode mode : PeerConsumer.Mode.values()) {
        KafkaConfig k =
            new KafkaConfig(ts.bootstrap(), mode.arg + ".", 2, (short) 1, ts.dataDir(), 0);
        TopicAdmin.ensureTopics(k);
        try (PeerConsumer peer = PeerConsumer.start(setup, mode, k)) {
          Map<String, Prediction> theirs;
          try {
            theirs = roundTrip(k);
          } catch (AssertionError e) {
            throw new AssertionError(
                e.getMessage() + "\n" + mode.arg + " peer's output:\n" + peer.output(), e);
          }
          assertEquals(ours.keySet(), theirs.keySet(), mode.arg);
          for (String id : ours.keySet()) {
            assertSame(mode.arg + " " + id, ours.get(id), theirs.get(id));
          }
        }
      }
    }
  }

  private static void assertSame(String what, Prediction ours, Prediction theirs) {
    assertEquals(ours.getUri(), theirs.getUri(), what);
    assertEquals(ours.getModelVersion(), theirs.getModelVersion(), what);
    List<String> a = ours.getLabels().stream().map(LabelScore::getLabel).toList();
    List<String> b = theirs.getLabels().stream().map(LabelScore::getLabel).toList();
    assertEquals(a, b, what);
    assertTrue(!a.isEmpty(), what + ": no labels to compare");
    for (int i = 0; i < a.size(); i++) {
      float pa = ours.getLabels().get(i).getProbability();
      float pb = theirs.getLabels().get(i).getProbability();
      assertTrue(Math.abs(pa - pb) <= 1e-4, what + " " + a.get(i) + ": " + pa + " vs " + pb);
    }
  }

  /**
   * Submits every image once through the bench's submitter; returns the predictions read back, by
   * id.
   */
  private static Map<String, Prediction> roundTrip(KafkaConfig k) {
    BenchTraffic.awaitTopics(k);
    try (BenchTraffic.Submitter submit = new BenchTraffic.Submitter(k, files);
        KafkaConsumer<String, byte[]> reader =
            new KafkaConsumer<>(KafkaClients.readerProps(k, "it-reader", false))) {
      submit.burst("img-", IMAGES);
      String topic = Topics.PREDICTIONS.name(k.topicPrefix());
      KafkaClients.assignFromStart(reader, null, List.of(topic));
      Map<String, Prediction> out = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (out.size() < IMAGES && System.nanoTime() < deadline) {
        for (var r : reader.poll(Duration.ofMillis(100))) {
          out.put(r.key(), Topics.PREDICTIONS.valueSerde().decode(topic, r.value()));
        }
      }
      assertEquals(IMAGES, out.size(), "predictions read back from " + topic);
      return out;
    }
  }
}
