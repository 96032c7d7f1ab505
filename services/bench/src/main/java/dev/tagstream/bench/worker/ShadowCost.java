package dev.tagstream.bench.worker;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.worker.WorkerConfig;
import dev.tagstream.worker.WorkerMetrics;
import dev.tagstream.worker.WorkerService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench worker --shadow-percents 0,10,100}: the cost of shadow scoring on end-to-end
 * throughput. One real worker per percent, each on its own topics of one broker, serving the same
 * model with a CANDIDATE (another model of the same shape) announced; rounds of (d) interleave the
 * percents, so a busy neighbour slows them alike, and medians are compared with the 0 % worker.
 */
final class ShadowCost {
  private record Lane(
      int percent,
      WorkerService worker,
      BenchTraffic.Submitter submit,
      BenchTraffic.Arrivals arrivals) {}

  private final WorkerBench.Options o;
  private final PrintStream out;

  ShadowCost(WorkerBench.Options o, PrintStream out) {
    this.o = o;
    this.out = out;
  }

  void run(KafkaConfig base, Path served, ModelArtifact candidate, Path root, List<Path> files)
      throws Exception {
    List<Lane> lanes = new ArrayList<>();
    try {
      for (int p : o.shadowPercents()) {
        KafkaConfig k = WorkerBench.withPrefix(base, "shadow" + p + ".");
        TopicAdmin.ensureTopics(k);
        announce(k, candidate);
        WorkerService w =
            new WorkerService(k, WorkerConfig.from(settings(served, root, p)), Clock.systemUTC());
        lanes.add(
            new Lane(p, w, new BenchTraffic.Submitter(k, files), new BenchTraffic.Arrivals(k)));
        w.start();
      }
      int n = Math.max(o.images(), o.batch() * 8);
      for (Lane l : lanes) { // warm-up, and for p > 0 until the candidate is really shadowing
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (int w = 0; ; w++) {
          WorkerBench.through(l.submit(), l.arrivals(), "warm" + w + "-", n);
          if (l.percent() == 0 || shadowed(l.worker().metrics()) > 0) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(l.percent() + " %: the candidate never loaded");
          }
        }
      }
      double[][] d = new double[lanes.size()][o.rounds()];
      double[][] shadowMs = new double[lanes.size()][o.rounds()];
      double[][] inferMs = new double[lanes.size()][o.rounds()];
      for (int r = 0; r < o.rounds(); r++) {
        for (int i = 0; i < lanes.size(); i++) {
          Lane l = lanes.get(i);
          WorkerMetrics m = l.worker().metrics();
          double shadow0 = m.stageSeconds("shadow");
          double infer0 = m.stageSeconds("inference");
          double scored0 = shadowed(m);
          d[i][r] = WorkerBench.through(l.submit(), l.arrivals(), "round" + r + "-", n);
          inferMs[i][r] = 1e3 * (m.stageSeconds("inference") - infer0) / n;
          shadowMs[i][r] = 1e3 * (m.stageSeconds("shadow") - shadow0) / n;
          out.printf(
              "round %d, shadow %3d %%: d %7.1f images/s; per image: inference %.2f ms, shadow %.2f ms"
                  + " (%.0f images shadowed)%n",
              r + 1, l.percent(), d[i][r], inferMs[i][r], shadowMs[i][r], shadowed(m) - scored0);
        }
      }
      out.printf("medians of %d rounds, %d images each, batch %d:%n", o.rounds(), n, o.batch());
      double base0 = WorkerBench.median(d[0]);
      for (int i = 0; i < lanes.size(); i++) {
        double dm = WorkerBench.median(d[i]);
        out.printf(
            "shadow %3d %%: (d) %8.1f images/s = %5.1f %% of shadow %d %%; inference %.2f + shadow"
                + " %.2f ms per image%n",
            lanes.get(i).percent(),
            dm,
            100 * dm / base0,
            lanes.get(0).percent(),
            WorkerBench.median(inferMs[i]),
            WorkerBench.median(shadowMs[i]));
      }
    } finally {
      for (Lane l : lanes) {
        l.worker().close();
        l.submit().close();
        l.arrivals().close();
      }
    }
  }

  private static double shadowed(WorkerMetrics m) {
    var c = m.registry().find("tagstream.worker.shadow.scored").counter();
    return c == null ? 0 : c.count();
  }

  private Settings settings(Path served, Path root, int percent) {
    return WorkerBench.workerSettings(
        o,
        served,
        root,
        "bench-shadow-" + percent,
        "--worker.shadow-percent",
        Integer.toString(percent));
  }

  /** The CANDIDATE release the workers shadow, as the trainer would announce it. */
  private static void announce(KafkaConfig k, ModelArtifact candidate) throws Exception {
    String topic = Topics.MODELS.name(k.topicPrefix());
    ModelRelease r =
        ModelRelease.newBuilder()
            .setName("tagger")
            .setVersion(candidate.info().version())
            .setArtifactUri(candidate.dir().toUri().toString())
            .setLabelSetHash(candidate.vocabulary().hash())
            .setStatus(ReleaseStatus.CANDIDATE)
            .setReason("bench worker --shadow-percents")
            .setAnnouncedAt(Instant.now())
            .build();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(k, "tagstream-bench-shadow"))) {
      p.send(new ProducerRecord<>(topic, "tagger", Topics.MODELS.valueSerde().encode(topic, r)))
          .get(30, TimeUnit.SECONDS);
    }
  }
}
