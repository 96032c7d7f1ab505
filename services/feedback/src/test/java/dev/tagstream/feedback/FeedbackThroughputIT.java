package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in measurement: how fast the exactly-once app folds a pre-loaded backlog on the real broker,
 * with a 2,110-label three-level vocabulary. Run with {@code -Dfeedback.bench.records=N}
 * (confirmations; images are N/10); optional {@code -Dfeedback.bench.commit-interval=1s}, {@code
 * -Dfeedback.bench.guarantee=at_least_once}.
 */
class FeedbackThroughputIT {
  @TempDir Path dir;

  @Test
  void foldsABacklogOfConfirmations() throws Exception {
    int n = Integer.getInteger("feedback.bench.records", 0);
    Assumptions.assumeTrue(n > 0, "set -Dfeedback.bench.records=N to measure");
    int images = Math.max(1, n / 10);
    Vocabulary vocabulary = threeLevels();
    Path file = dir.resolve("labels.json");
    vocabulary.write(file);
    KafkaConfig kafka = TestBroker.freshConfig(2);

    Random random = new Random(7);
    Map<String, Map<String, Long>> newest = new HashMap<>(); // the newest-wins rule, replayed here
    long expectedApplied = 0;
    long t = System.nanoTime();
    String imagesTopic = Topics.IMAGES.name(kafka.topicPrefix());
    String labelsTopic = Topics.LABELS.name(kafka.topicPrefix());
    var imageSerde = Topics.IMAGES.valueSerde();
    var labelSerde = Topics.LABELS.valueSerde();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(kafka, "bench"))) {
      for (int i = 0; i < images; i++) {
        String id = "img-" + i;
        String known = vocabulary.name(random.nextInt(vocabulary.size()));
        newest
            .computeIfAbsent(id, k -> new HashMap<>())
            .put(known, 0L); // an ingest decision at submittedAt 0
        var img = Fixture.image(id, 0, List.of(known), List.of());
        p.send(new ProducerRecord<>(imagesTopic, id, imageSerde.encode(imagesTopic, img)));
      }
      LabelDecision[] states = LabelDecision.values();
      for (int i = 0; i < n; i++) {
        String id = "img-" + random.nextInt(images);
        // a few labels per image, so that late confirmations meet newer ones and lose
        String label =
            vocabulary.name(random.nextInt(vocabulary.size()) / 100 * 100 + random.nextInt(3));
        long at = 1_000 + i - random.nextInt(5_000); // mostly in order, some late
        LabelConfirmation c = Fixture.confirm(id, label, states[random.nextInt(states.length)], at);
        Long prev = newest.computeIfAbsent(id, k -> new HashMap<>()).get(label);
        if (prev == null || at >= prev) {
          newest.get(id).put(label, at);
          expectedApplied++;
        }
        p.send(new ProducerRecord<>(labelsTopic, id, labelSerde.encode(labelsTopic, c)));
      }
      p.flush();
    }
    double produceSeconds = (System.nanoTime() - t) / 1e9;

    Settings settings =
        Settings.parse(
            FeedbackSettings.all(),
            List.of(
                "--feedback.vocabulary",
                file.toString(),
                "--feedback.http-port",
                "0",
                "--feedback.commit-interval",
                System.getProperty("feedback.bench.commit-interval", "100ms"),
                "--feedback.processing-guarantee",
                System.getProperty("feedback.bench.guarantee", "exactly_once_v2")),
            Map.of());
    try (FeedbackService service =
        (FeedbackService) new FeedbackServiceFactory().create(kafka, settings)) {
      long t0 = System.nanoTime();
      service.start();
      while (service.state() != KafkaStreams.State.RUNNING) {
        Thread.sleep(20);
      }
      long running = System.nanoTime();
      long cpu0 = cpuNanos();
      // Done when every confirmation was judged applied or stale (a buffered one is judged again on
      // its image).
      while (judged(service) < n && System.nanoTime() - running < Duration.ofMinutes(5).toNanos()) {
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - running) / 1e9;
      double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
      System.out.printf(
          "feedback bench: %d images + %d confirmations (%d applied) on %d labels, %s, commit every %s: "
              + "produce %.1f s, start-to-RUNNING %.1f s, fold %.1f s = %.0f records/s; "
              + "%.1f CPU s in this JVM (broker included) = %.0f records per CPU second, load average %.1f%n",
          images,
          n,
          expectedApplied,
          vocabulary.size(),
          settings.string(FeedbackSettings.PROCESSING_GUARANTEE),
          settings.string(FeedbackSettings.COMMIT_INTERVAL),
          produceSeconds,
          (running - t0) / 1e9,
          seconds,
          (images + n) / seconds,
          cpuSeconds,
          (images + n) / cpuSeconds,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      // The last records become visible with the next exactly-once commit.
      long applied = 0;
      for (long deadline = System.nanoTime() + 10_000_000_000L;
          applied != expectedApplied && System.nanoTime() < deadline; ) {
        applied =
            LabelStates.snapshot(kafka, Duration.ofSeconds(30)).values().stream()
                .mapToLong(LabelState::getConfirmations)
                .sum();
      }
      assertEquals(expectedApplied, applied);
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double judged(FeedbackService service) {
    var r = service.registry();
    double total = 0;
    for (String result : List.of("applied", "stale")) {
      var c = r.find(FeedbackMetrics.CONFIRMATIONS).tag("result", result).counter();
      total += c == null ? 0 : c.count();
    }
    return total;
  }

  /** 10 roots x 10 children x 20 grandchildren = 2,110 labels. */
  static Vocabulary threeLevels() {
    List<LabelDef> defs = new ArrayList<>();
    for (int a = 0; a < 10; a++) {
      defs.add(new LabelDef("r" + a, List.of()));
      for (int b = 0; b < 10; b++) {
        defs.add(new LabelDef("r" + a + "c" + b, List.of("r" + a)));
        for (int c = 0; c < 20; c++) {
          defs.add(new LabelDef("r" + a + "c" + b + "g" + c, List.of("r" + a + "c" + b)));
        }
      }
    }
    return Vocabulary.of(defs);
  }
}
