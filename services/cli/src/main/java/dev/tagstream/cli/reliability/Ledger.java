package dev.tagstream.cli.reliability;

import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Counts, per image id, the reference records on {@code images} and the outputs on {@code
 * predictions} and {@code failures}, read from the beginning with read_committed (so in
 * exactly-once mode only what the workers committed). Missing and duplicated are computed from
 * these counts alone: nothing is taken from the services' own reports.
 */
final class Ledger implements AutoCloseable {
  final Map<String, Integer> inputs = new ConcurrentHashMap<>();
  final Map<String, Integer> predictions = new ConcurrentHashMap<>();
  final Map<String, Integer> failures = new ConcurrentHashMap<>();

  /** First dead letter of each id, as "stage/reason". */
  final Map<String, String> reasons = new ConcurrentHashMap<>();

  final AtomicLong undecodable = new AtomicLong();

  /** Good references (ids ref-...) with at least one output. */
  final AtomicLong done = new AtomicLong();

  /** Every model version a prediction carried. */
  final java.util.Set<String> versions = ConcurrentHashMap.newKeySet();

  private final AtomicLong lastOutputNanos = new AtomicLong(System.nanoTime());
  private final KafkaConsumer<String, byte[]> consumer;
  private final String images;
  private final String predictionsTopic;
  private final String failuresTopic;
  private final Thread thread;
  private volatile boolean running = true;

  Ledger(KafkaConfig c) {
    images = Topics.IMAGES.name(c.topicPrefix());
    predictionsTopic = Topics.PREDICTIONS.name(c.topicPrefix());
    failuresTopic = Topics.FAILURES.name(c.topicPrefix());
    consumer = new KafkaConsumer<>(KafkaClients.readerProps(c, "reliability-ledger", true));
    KafkaClients.assignFromStart(consumer, null, List.of(images, predictionsTopic, failuresTopic));
    thread = new Thread(this::run, "reliability-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null) {
            continue; // the bad-input phase writes keyless garbage; it is nobody's image
          }
          if (r.topic().equals(images)) {
            inputs.merge(r.key(), 1, Integer::sum);
          } else if (r.topic().equals(predictionsTopic)) {
            countDone(r.key());
            predictions.merge(r.key(), 1, Integer::sum);
            lastOutputNanos.set(System.nanoTime());
            try {
              versions.add(
                  Topics.PREDICTIONS
                      .valueSerde()
                      .decode(r.topic(), r.value())
                      .getModelVersion()
                      .toString());
            } catch (ContractException e) {
              undecodable.incrementAndGet();
            }
          } else {
            countDone(r.key());
            failures.merge(r.key(), 1, Integer::sum);
            lastOutputNanos.set(System.nanoTime());
            try {
              Failure f = Topics.FAILURES.valueSerde().decode(r.topic(), r.value());
              reasons.putIfAbsent(r.key(), f.getStage() + "/" + f.getReason());
            } catch (ContractException e) {
              undecodable.incrementAndGet(); // garbage the bad-input phase wrote to failures itself
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void countDone(String id) {
    if (id.startsWith("ref-") && outputs(id) == 0) {
      done.incrementAndGet();
    }
  }

  int outputs(String id) {
    return predictions.getOrDefault(id, 0) + failures.getOrDefault(id, 0);
  }

  /**
   * What became of the good references ref-0000000 .. ref-(n-1) that reached the images topic:
   * {@code stored} of them were on it, {@code scored} have a prediction, {@code deadLettered} a
   * dead letter ({@code reasons}: how many per first "stage/reason"), {@code missing} no output at
   * all, and {@code duplicated} counts outputs beyond one per input record.
   */
  record Tally(
      long stored,
      long scored,
      long deadLettered,
      java.util.SortedMap<String, Integer> reasons,
      long missing,
      long duplicated) {
    /**
     * The delivery rows of {@code n} good references: stored, scored, none dead-lettered, none
     * missing, and none duplicated under exactly-once (at-least-once: the duplicates counted).
     */
    void report(Report report, String section, long n, boolean exactlyOnce) {
      report.exact(section, "good references on the images topic", n, stored);
      report.exact(section, "scored (a prediction)", n, scored);
      report.add(
          section,
          "dead-lettered (good references), by reason",
          "0",
          deadLettered + (deadLettered == 0 ? "" : " " + reasons),
          deadLettered == 0);
      report.exact(section, "missing (no output)", 0, missing);
      if (exactlyOnce) {
        report.exact(
            section,
            "duplicated (outputs beyond one per input record, read_committed)",
            0,
            duplicated);
      } else {
        report.figure(
            section,
            "duplicated (at-least-once: redelivery after a crash is allowed)",
            Long.toString(duplicated));
      }
    }
  }

  Tally tally(long n) {
    long stored = 0;
    long scored = 0;
    long deadLettered = 0;
    long missing = 0;
    long duplicated = 0;
    java.util.SortedMap<String, Integer> byReason = new java.util.TreeMap<>();
    for (long i = 0; i < n; i++) {
      String id = LoadDriver.id(i);
      int in = inputs.getOrDefault(id, 0);
      if (in == 0) {
        continue;
      }
      stored++;
      int outputs = outputs(id);
      scored += predictions.containsKey(id) ? 1 : 0;
      if (failures.containsKey(id)) {
        deadLettered++;
        byReason.merge(reasons.getOrDefault(id, "?"), 1, Integer::sum);
      }
      missing += outputs == 0 ? 1 : 0;
      duplicated += Math.max(0, outputs - in);
    }
    return new Tally(
        stored,
        scored,
        deadLettered,
        java.util.Collections.unmodifiableSortedMap(byReason),
        missing,
        duplicated);
  }

  /** Seconds since the last output arrived (stall detection). */
  double quietSeconds() {
    return (System.nanoTime() - lastOutputNanos.get()) / 1e9;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
