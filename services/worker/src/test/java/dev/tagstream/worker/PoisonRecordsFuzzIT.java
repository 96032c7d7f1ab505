package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.SeededMutator;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.SampleImages;
import dev.tagstream.core.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated {@code images} values (and keys) through a real worker on the real broker: every record
 * gets an outcome, the group's committed offsets reach the end of every partition (no partition is
 * stuck behind a poison record), and good references sent after the poison are still scored.
 */
class PoisonRecordsFuzzIT {
  @TempDir static Path images;
  @TempDir static Path models;

  @Test
  void noMutatedRecordStopsAPartition() throws Exception {
    Path model = TestModels.write(models, "v0001");
    for (int i = 0; i < 4; i++) {
      Files.write(images.resolve("img-" + i + ".png"), SampleImages.png(32, 32, i));
    }
    KafkaConfig c = TestBroker.freshConfig(3);
    String topic = Topics.IMAGES.name(c.topicPrefix());
    List<byte[]> seeds =
        IntStream.range(0, 4)
            .mapToObj(
                i ->
                    Topics.IMAGES
                        .valueSerde()
                        .encode(
                            topic,
                            WorkerHarness.reference(
                                "seed-" + i,
                                images.resolve("img-" + i + ".png").toUri().toString())))
            .toList();
    SeededMutator mutator = new SeededMutator(SeededMutator.seed(), seeds);
    int n = SeededMutator.cases();
    List<ProducerRecord<String, byte[]>> poison = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      poison.add(new ProducerRecord<>(topic, i % 50 == 0 ? null : "fz-" + i, mutator.next()));
    }
    // Every mutated record must be stored before the worker starts, or "an outcome for each"
    // counts records that never reached the topic (a loaded CI machine once had the broker refuse
    // a batch with OutOfOrderSequenceException, and a fire-and-forget send lost 485 of them).
    for (int attempt = 0; attempt < 5 && !poison.isEmpty(); attempt++) {
      poison = sendAll(c, poison);
    }
    assertTrue(poison.isEmpty(), poison.size() + " mutated records could not be stored");
    List<ImageReference> after =
        IntStream.range(0, 6)
            .mapToObj(
                i ->
                    WorkerHarness.reference(
                        "after-" + i, images.resolve("img-" + (i % 4) + ".png").toUri().toString()))
            .toList();
    WorkerHarness.submit(c, after);

    try (WorkerService w =
            WorkerHarness.start(
                c,
                "--worker.model",
                model.toString(),
                "--worker.file-roots",
                images.toString(),
                "--worker.fetch.retries",
                "0",
                "--worker.fetch.timeout",
                "2s");
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      out.awaitIds(Duration.ofSeconds(180), after.stream().map(r -> r.getId().toString()).toList());
      assertTrue(
          after.stream().allMatch(r -> out.predictions.containsKey(r.getId().toString())),
          "good references after the poison are scored, not dead-lettered: "
              + out.failures.keySet());
      Map<TopicPartition, Long> end = endOffsets(c, topic);
      Map<TopicPartition, Long> committed = awaitCommitted(c, end, Duration.ofSeconds(60));
      assertEquals(end, committed, "every partition committed to its end");
      out.readToEnd();
      int outcomes =
          out.predictions.values().stream().mapToInt(List::size).sum()
              + out.failures.values().stream().mapToInt(List::size).sum();
      assertTrue(
          outcomes >= n + after.size(),
          outcomes + " outcomes for " + (n + after.size()) + " records");
      Map<String, Long> reasons =
          out.failures.values().stream()
              .flatMap(List::stream)
              .collect(
                  Collectors.groupingBy(
                      f -> f.getStage() + "/" + f.getReason(), Collectors.counting()));
      System.out.printf(
          "fuzz images topic: %d mutated records, %d outcomes, dead letters by reason %s, every "
              + "partition committed to its end%n",
          n, outcomes, reasons);
      var health =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + w.httpPort() + "/healthz"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), "the worker is still alive: " + health.body());
    }
  }

  private static Map<TopicPartition, Long> endOffsets(KafkaConfig c, String topic)
      throws Exception {
    try (Admin admin = Admin.create(KafkaClients.adminProps(c))) {
      Set<TopicPartition> parts =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      return admin
          .listOffsets(
              parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
          .all()
          .get(30, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  private static Map<TopicPartition, Long> awaitCommitted(
      KafkaConfig c, Map<TopicPartition, Long> end, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(KafkaClients.adminProps(c))) {
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> raw =
            admin
                .listConsumerGroupOffsets(c.topicPrefix() + "tagstream-worker")
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = new java.util.HashMap<>();
        raw.forEach(
            (tp, om) -> {
              if (end.containsKey(tp) && om != null) {
                committed.put(tp, om.offset());
              }
            });
        if (committed.equals(end) || System.nanoTime() > deadline) {
          return committed;
        }
        Thread.sleep(200);
      }
    }
  }

  /** Sends each record and returns those Kafka did not acknowledge. */
  private static List<ProducerRecord<String, byte[]>> sendAll(
      KafkaConfig c, List<ProducerRecord<String, byte[]>> records) throws InterruptedException {
    List<ProducerRecord<String, byte[]>> unsent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(c, "fuzz-producer"))) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      records.forEach(r -> acks.add(p.send(r)));
      p.flush();
      for (int i = 0; i < records.size(); i++) {
        try {
          acks.get(i).get();
        } catch (ExecutionException e) {
          unsent.add(records.get(i));
        }
      }
    }
    return unsent;
  }
}
