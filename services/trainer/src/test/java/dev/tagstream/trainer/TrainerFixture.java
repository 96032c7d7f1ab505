package dev.tagstream.trainer;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.datasets.ShapeScenes;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.train.ModelTrainer;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Shared pieces of the trainer's integration tests: a work dir, a configured service, a good model
 * trained once.
 */
final class TrainerFixture {
  private static ModelArtifact goodModel;

  private TrainerFixture() {}

  static Path workDir(String name) {
    try {
      return Files.createDirectories(
              Path.of("target", "it", name + "-" + UUID.randomUUID().toString().substring(0, 8)))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A trainer on the test broker with small, fast defaults, reading file: images under the work dir
   * only; later flags override earlier ones.
   */
  static TrainerService service(KafkaConfig kafka, Path work, String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--trainer.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--trainer.file-roots",
                work.toString(),
                "--trainer.registry",
                work.resolve("registry").toString(),
                "--trainer.embedding-cache",
                work.resolve("embeddings.bin").toString(),
                "--trainer.vocabulary",
                ShapeScenes.writeVocabulary(work).toString(),
                "--trainer.min-new-confirmations",
                "50",
                "--trainer.min-interval",
                "0s",
                "--trainer.validation-percent",
                "25",
                "--trainer.epochs",
                "6",
                "--trainer.batch-size",
                "16",
                "--trainer.device",
                "cpu"));
    args.addAll(List.of(flags));
    Settings s = Settings.parse(TrainerSettings.all(), args, Map.of());
    return new TrainerService(TrainerSettings.read(kafka, s), kafka, Clock.systemUTC());
  }

  /**
   * A model trained once per test JVM (full, on correctly labelled scenes) that tests announce as
   * the current model. Its images live in their own directory, separate from any test's.
   */
  static synchronized ModelArtifact goodModel() {
    if (goodModel == null) {
      Path work = workDir("good-model");
      List<ShapeScenes.Scene> scenes = ShapeScenes.generate(work.resolve("images"), 90, 7);
      List<ManifestEntry> train = new ArrayList<>();
      List<ManifestEntry> val = new ArrayList<>();
      for (ShapeScenes.Scene s : scenes) {
        ManifestEntry e =
            new ManifestEntry(s.id(), s.file().toUri().toString(), s.labels(), List.of());
        (ValidationSplit.bucket(s.id()) < 25 ? val : train).add(e);
      }
      TrainingConfig cfg =
          TrainingConfig.builder(LossSpec.of("weighted"))
              .epochs(8)
              .batchSize(16)
              .learningRate(2e-3)
              .warmupEpochs(1.0)
              .augment(true)
              .patience(0)
              .build();
      goodModel =
          new ModelTrainer(cfg, ProgressBar.silent())
              .train(
                  train,
                  val,
                  ShapeScenes.vocabulary(),
                  null,
                  work.resolve("registry").resolve("v0001"),
                  "v0001");
    }
    return goodModel;
  }

  /**
   * Sends label states through one producer (Records.send opens one per record) and waits for every
   * ack.
   */
  static void sendStates(KafkaConfig kafka, List<LabelState> states) {
    String topic = Topics.LABEL_STATE.name(kafka.topicPrefix());
    var serde = Topics.LABEL_STATE.valueSerde();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(kafka, "test-states"))) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (LabelState s : states) {
        acks.add(p.send(new ProducerRecord<>(topic, s.getId(), serde.encode(topic, s))));
      }
      for (Future<RecordMetadata> f : acks) {
        f.get();
      }
    } catch (Exception e) {
      // the cause in the message: a CI summary shows the message, not the stack trace
      throw new AssertionError("could not send label states: " + e, e);
    }
  }

  static void announce(KafkaConfig kafka, ModelArtifact a, ReleaseStatus status) {
    Records.send(
        kafka,
        Topics.MODELS,
        "tagger",
        ReleasePublisher.release(
            "tagger", a, status, "test fixture", a.info().metrics(), Instant.now()));
  }

  static List<ModelRelease> releases(KafkaConfig kafka, Duration timeout, int atLeast) {
    return Records.readAtLeast(kafka, Topics.MODELS, atLeast, timeout).stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  /** Records on the models topic right now (it has one partition). */
  static long modelsEndOffset(KafkaConfig kafka) {
    String topic = Topics.MODELS.name(kafka.topicPrefix());
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "test-end", false))) {
      TopicPartition p = new TopicPartition(topic, 0);
      return c.endOffsets(List.of(p)).get(p);
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
