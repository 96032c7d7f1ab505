package dev.tagstream.bench.worker;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The benches' load generator and their reader of results, both through the real broker (bench
 * worker, peers).
 */
public final class BenchTraffic {
  private BenchTraffic() {}

  /**
   * Sends references: as fast as possible, or at a fixed rate with submittedAt set at the moment of
   * sending.
   */
  /**
   * Topics just created may be unknown, or known without leaders, to a client's first metadata
   * request; the submitter and Arrivals need every partition. Waits until each has a leader.
   */
  public static void awaitTopics(KafkaConfig k) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(KafkaClients.readerProps(k, "bench-metadata", false))) {
      for (Topic<?> t : List.of(Topics.IMAGES, Topics.PREDICTIONS, Topics.FAILURES)) {
        String name = t.name(k.topicPrefix());
        while (c.partitionsFor(name).size() < k.partitions()
            || c.partitionsFor(name).stream()
                .anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "topic " + name + " has no leader for every partition after 60 s");
          }
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
      }
    }
  }

  public static final class Submitter implements AutoCloseable {
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Path> files;
    private final AvroSerde<ImageReference> serde = Topics.IMAGES.valueSerde();

    public Submitter(KafkaConfig k, List<Path> files) {
      this.topic = Topics.IMAGES.name(k.topicPrefix());
      this.producer = new KafkaProducer<>(KafkaClients.producerProps(k, "bench-submitter"));
      this.files = files;
    }

    private void send(String id, int i) {
      ImageReference r =
          ImageReference.newBuilder()
              .setId(id)
              .setUri(files.get(i % files.size()).toUri().toString())
              .setSubmittedAt(Instant.now())
              .setSource("bench")
              .build();
      producer.send(new ProducerRecord<>(topic, id, serde.encode(topic, r)));
    }

    public void burst(String prefix, int n) {
      for (int i = 0; i < n; i++) {
        send(prefix + i, i);
      }
      producer.flush();
    }

    public void paced(String prefix, int n, double perSecond) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = start + (long) (i * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        send(prefix + i, i);
      }
      producer.flush();
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  /** Reads predictions and failures as they arrive; latency = arrival here minus submittedAt. */
  public static final class Arrivals implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictions;
    private final AvroSerde<Prediction> serde = Topics.PREDICTIONS.valueSerde();
    private final Map<String, List<Long>> latencies = new HashMap<>();
    private final Map<String, List<Double>> inWorker = new HashMap<>();
    private int failures;

    public Arrivals(KafkaConfig k) {
      predictions = Topics.PREDICTIONS.name(k.topicPrefix());
      String failuresTopic = Topics.FAILURES.name(k.topicPrefix());
      consumer = new KafkaConsumer<>(KafkaClients.readerProps(k, "bench-reader", false));
      KafkaClients.assignFromStart(consumer, null, List.of(predictions, failuresTopic));
    }

    /**
     * p50 and p99 of the worker-internal time (record received to scored), to tell worker from
     * Kafka time.
     */
    double[] inWorker(String prefix) {
      double[] v =
          inWorker.getOrDefault(prefix, List.of(0.0)).stream()
              .mapToDouble(Double::doubleValue)
              .sorted()
              .toArray();
      return new double[] {v[v.length / 2], v[percentileIndex(v.length, 0.99)]};
    }

    static int percentileIndex(int n, double q) {
      return (int) Math.max(0, Math.min(n - 1, Math.ceil(n * q) - 1));
    }

    public int failures() {
      return failures;
    }

    /** Waits for n outputs whose id starts with prefix; returns their latencies in ms. */
    public List<Long> await(String prefix, int n, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (latencies.getOrDefault(prefix, List.of()).size() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out waiting for " + n + " outputs of " + prefix);
        }
        for (var r : consumer.poll(Duration.ofMillis(5))) {
          long now = System.currentTimeMillis();
          String p = r.key().substring(0, r.key().indexOf('-') + 1);
          long latency = 0;
          if (r.topic().equals(predictions)) {
            Prediction pr = serde.decode(r.topic(), r.value());
            latency = now - pr.getSubmittedAt().toEpochMilli();
            inWorker.computeIfAbsent(p, x -> new ArrayList<>()).add(pr.getTimings().getTotalMs());
          } else {
            failures++;
          }
          latencies.computeIfAbsent(p, x -> new ArrayList<>()).add(latency);
        }
      }
      return latencies.get(prefix);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
