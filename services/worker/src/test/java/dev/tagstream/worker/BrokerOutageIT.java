package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tagstream.broker.EmbeddedKafka;
import dev.tagstream.broker.testkit.NetworkCut;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.core.config.ClientProperties;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.SampleImages;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exactly-once worker through a broker outage longer than its producer may block (the network to
 * the broker is cut for 10 s; the broker itself keeps running, since restarting a sole replica can
 * hang a transaction in Kafka itself, see EmbeddedKafka.brokerProperties): the transaction's commit
 * times out, and so does its abort. The worker must not stop on that (the soak saw a worker die
 * so): it replaces its producer, which fences the old one and settles the open transaction, rewinds
 * to the committed offsets, and every image still comes out exactly once.
 */
class BrokerOutageIT {
  @Test
  void aWorkerWhoseAbortFailsInAnOutageReplacesItsProducerAndDeliversExactlyOnce(@TempDir Path dir)
      throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 20; i++) {
      Files.write(images.resolve("img-" + i + ".png"), SampleImages.png(40, 36, i));
    }
    Path model = TestModels.write(Files.createDirectories(dir.resolve("models")), "v0001");
    NetworkCut network = new NetworkCut(FreePorts.take(1, 0)[0]);
    EmbeddedKafka broker =
        EmbeddedKafka.startAdvertised(dir.resolve("kafka"), network.upstreamPort(), network.port());
    // a producer call blocks at most 2 s: in a 10 s outage both the commit and the abort time out
    KafkaConfig c =
        new KafkaConfig(
            broker.bootstrap(),
            "",
            2,
            (short) 1,
            dir,
            0,
            new ClientProperties(Map.of("max.block.ms", "2000"), Map.of(), null));
    WorkerService w = null;
    try {
      TopicAdmin.ensureTopics(c);
      WorkerHarness.release(c, model);
      List<ImageReference> refs = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        refs.add(
            WorkerHarness.reference(
                "outage-" + i, images.resolve("img-" + i % 20 + ".png").toUri().toString()));
      }
      WorkerHarness.submit(c, refs);
      w =
          WorkerHarness.start(
              c,
              "--worker.model",
              model.toString(),
              "--worker.file-roots",
              images.toString(),
              "--worker.delivery",
              "exactly-once",
              "--worker.id",
              "outage-1",
              "--worker.batch-size",
              "8");
      try (WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, true)) {
        out.awaitUntil(Duration.ofSeconds(60), o -> o.predictions.size() >= 200);
      }
      network.cut();
      Thread.sleep(10_000); // transactions are begun, time out and fail to abort meanwhile
      assertNull(w.fatal(), "the worker stopped during the outage");
      network.restore();
      List<String> ids = refs.stream().map(r -> r.getId().toString()).toList();
      WorkerService running = w;
      try (WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, true)) {
        // a worker that stops after the restart fails here at once, with its reason
        out.awaitUntil(
            Duration.ofSeconds(120),
            o -> {
              assertNull(running.fatal(), "the worker stopped after the broker came back");
              return o.hasAll(ids);
            });
        w.close();
        out.readToEnd();
        for (ImageReference r : refs) {
          assertEquals(1, out.count(r.getId().toString()), r.getId().toString());
        }
      }
    } finally {
      if (w != null) {
        w.close();
      }
      network.close();
      broker.close();
    }
  }
}
