package dev.tagstream.worker;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.model.artifact.ModelArtifact;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Starts real workers on the test broker, submits references, and reads what came out. */
public final class WorkerHarness {
  private WorkerHarness() {}

  static WorkerService start(KafkaConfig kafka, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--worker.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--worker.commit-interval",
                "50ms",
                "--worker.drain-timeout",
                "20s",
                "--worker.session-timeout",
                "6s"));
    all.addAll(List.of(args));
    WorkerService w =
        new WorkerService(
            kafka,
            WorkerConfig.from(Settings.parse(WorkerSettings.all(), all, Map.of())),
            Clock.systemUTC());
    w.start();
    return w;
  }

  static ImageReference reference(String id, String uri) {
    return ImageReference.newBuilder().setId(id).setUri(uri).setSubmittedAt(Instant.now()).build();
  }

  /** Sends every reference with one producer and waits for all acknowledgements. */
  static void submit(KafkaConfig c, List<ImageReference> refs) {
    String topic = Topics.IMAGES.name(c.topicPrefix());
    AvroSerde<ImageReference> serde = Topics.IMAGES.valueSerde();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(c, "test-submitter"))) {
      for (ImageReference r : refs) {
        p.send(new ProducerRecord<>(topic, r.getId(), serde.encode(topic, r)));
      }
      p.flush();
    }
  }

  static void release(KafkaConfig c, String version, Path dir, String labelSetHash) {
    ModelRelease r =
        ModelRelease.newBuilder()
            .setName("tagger")
            .setVersion(version)
            .setArtifactUri(dir.toUri().toString())
            .setLabelSetHash(labelSetHash)
            .setStatus(ReleaseStatus.PROMOTED)
            .setAnnouncedAt(Instant.now())
            .build();
    dev.tagstream.core.testkit.Records.send(c, Topics.MODELS, "tagger", r);
  }

  static void release(KafkaConfig c, Path dir) {
    ModelArtifact a = ModelArtifact.load(dir);
    release(c, a.info().version(), dir, a.vocabulary().hash());
  }

  /** Reads predictions and failures from the beginning, accumulating. */
  static final class Outputs implements AutoCloseable {
    final Map<String, List<Prediction>> predictions = new HashMap<>();
    final Map<String, List<Failure>> failures = new HashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictionsTopic;
    private final String failuresTopic;

    Outputs(KafkaConfig c, boolean readCommitted) {
      predictionsTopic = Topics.PREDICTIONS.name(c.topicPrefix());
      failuresTopic = Topics.FAILURES.name(c.topicPrefix());
      consumer = new KafkaConsumer<>(KafkaClients.readerProps(c, "test-outputs", readCommitted));
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : List.of(predictionsTopic, failuresTopic)) {
        consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
    }

    /** How many outputs (predictions plus dead letters) an id has. */
    int count(String id) {
      return predictions.getOrDefault(id, List.of()).size()
          + failures.getOrDefault(id, List.of()).size();
    }

    Failure failure(String id) {
      return failures.get(id).get(0);
    }

    Outputs awaitUntil(Duration timeout, Predicate<Outputs> done) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(this)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "timed out; have "
                  + predictions.size()
                  + " predicted, failures "
                  + failures.keySet());
        }
        poll();
      }
      return this;
    }

    Outputs awaitIds(Duration timeout, List<String> ids) {
      return awaitUntil(timeout, o -> o.hasAll(ids));
    }

    /** Whether every id has an output (a prediction or a dead letter). */
    boolean hasAll(List<String> ids) {
      return ids.stream().allMatch(id -> count(id) > 0);
    }

    /** Everything written so far (for read_committed: committed so far). */
    Outputs readToEnd() {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        poll();
      }
      return this;
    }

    private void poll() {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.topic().equals(predictionsTopic)) {
          predictions
              .computeIfAbsent(r.key(), k -> new ArrayList<>())
              .add(Topics.PREDICTIONS.valueSerde().decode(r.topic(), r.value()));
        } else {
          failures
              .computeIfAbsent(r.key(), k -> new ArrayList<>())
              .add(Topics.FAILURES.valueSerde().decode(r.topic(), r.value()));
        }
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
