package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ConfluentWire;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.SampleImages;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.SchemaRegistration;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.core.testkit.TestRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker in serde=registry mode: reads both encodings, writes the registry wire format, exactly
 * once.
 */
class WorkerRegistryIT {
  @TempDir Path images;
  @TempDir Path models;

  @AfterEach
  void backToTheDefault() {
    ValueEncoding.reset();
  }

  @Test
  void scoresImagesOfBothEncodingsAndWritesEveryOutputInTheRegistryWireFormat() throws IOException {
    Path v1 = TestModels.write(models, "v0001");
    for (int i = 0; i < 6; i++) {
      Files.write(images.resolve("img-" + i + ".png"), SampleImages.png(40, 36, i));
    }
    KafkaConfig c = TestBroker.freshConfig(2);
    // Written before the migration: single-object values.
    WorkerHarness.submit(c, List.of(ref("old-0", 0), ref("old-1", 1)));
    SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
    List<ImageReference> fresh =
        new ArrayList<>(IntStream.range(2, 6).mapToObj(i -> ref("new-" + i, i)).toList());
    fresh.add(
        WorkerHarness.reference("new-missing", images.resolve("nope.png").toUri().toString()));
    WorkerHarness.submit(c, fresh);
    List<String> ids = List.of("old-0", "old-1", "new-2", "new-3", "new-4", "new-5", "new-missing");

    try (WorkerService w =
            WorkerHarness.start(
                c,
                "--worker.model",
                v1.toString(),
                "--worker.file-roots",
                images.toString(),
                "--worker.delivery",
                "exactly-once",
                "--worker.id",
                "registry-1");
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, true)) {
      out.awaitIds(Duration.ofSeconds(60), ids);
      w.close();
      out.readToEnd();
      for (String id : ids) {
        assertEquals(1, out.count(id), id);
      }
      assertEquals("v0001", out.predictions.get("old-0").get(0).getModelVersion());
      assertEquals(
          images.resolve("img-3.png").toUri().toString(),
          out.predictions.get("new-3").get(0).getUri());
      assertEquals("not-found", out.failure("new-missing").getReason());
    }
    var registry = TestRegistry.client();
    byte[] predictionsHeader =
        ConfluentWire.header(
            registry.register(
                Topics.PREDICTIONS.name(c.topicPrefix()) + "-value", Prediction.getClassSchema()));
    byte[] failuresHeader =
        ConfluentWire.header(
            registry.register(
                Topics.FAILURES.name(c.topicPrefix()) + "-value", Failure.getClassSchema()));
    List<ConsumerRecord<String, byte[]>> raw = rawOutputs(c, 7);
    assertEquals(7, raw.size());
    for (ConsumerRecord<String, byte[]> r : raw) {
      byte[] expected = r.topic().endsWith("failures") ? failuresHeader : predictionsHeader;
      assertArrayEquals(expected, Arrays.copyOf(r.value(), 5), r.key());
    }
  }

  @Test
  void aRegistryThatCannotAnswerStopsTheWorkerInsteadOfDeadLetteringTheRecord() throws IOException {
    Path v1 = TestModels.write(models, "v0001");
    Files.write(images.resolve("img-0.png"), SampleImages.png(40, 36, 0));
    KafkaConfig c = TestBroker.freshConfig(1);
    SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
    WorkerHarness.submit(c, List.of(ref("img-0", 0)));
    // The same process now reads through a registry that is down (and has no id cached).
    ValueEncoding.use(
        new ValueEncoding.Choice(
            ValueEncoding.Format.SINGLE_OBJECT,
            new SchemaRegistryClient(URI.create("http://127.0.0.1:1/apis/ccompat/v7"), null)));

    try (WorkerService w =
            WorkerHarness.start(
                c, "--worker.model", v1.toString(), "--worker.file-roots", images.toString());
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      Await.until(Duration.ofSeconds(60), () -> w.fatal() != null, () -> "the worker to stop");
      RegistryException e = assertInstanceOf(RegistryException.class, w.fatal());
      assertTrue(
          e.getMessage()
              .startsWith("schema registry at http://127.0.0.1:1/apis/ccompat/v7 unreachable"),
          e.getMessage());
      out.readToEnd();
      assertEquals(0, out.count("img-0"), "no dead letter, no prediction");
    }
  }

  /**
   * Records naming a schema id the registry answers 404 for are dead letters, and the registry is
   * asked once for that id, not once per record (counted by the registry's own request metrics).
   */
  @Test
  void recordsNamingAnUnknownSchemaIdAreDeadLetteredWithOneRegistryCallForTheId() throws Exception {
    Path v1 = TestModels.write(models, "v0001");
    Files.write(images.resolve("img-0.png"), SampleImages.png(40, 36, 0));
    KafkaConfig c = TestBroker.freshConfig(1);
    SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
    String topic = Topics.IMAGES.name(c.topicPrefix());
    int unknown = 1_987_654_320;
    List<String> ghosts = IntStream.range(0, 6).mapToObj(i -> "ghost-" + i).toList();
    for (String id : ghosts) {
      byte[] value = Topics.IMAGES.valueSerde().encode(topic, ref(id, 0));
      ByteBuffer.wrap(value).putInt(1, unknown);
      Records.sendRaw(c, topic, id, value);
    }
    WorkerHarness.submit(c, List.of(ref("img-0", 0)));
    long before = TestRegistry.idLookupsAnswered4xx();

    try (WorkerService w =
            WorkerHarness.start(
                c, "--worker.model", v1.toString(), "--worker.file-roots", images.toString());
        WorkerHarness.Outputs out = new WorkerHarness.Outputs(c, false)) {
      List<String> all = new ArrayList<>(ghosts);
      all.add("img-0");
      out.awaitIds(Duration.ofSeconds(60), all);
      for (String id : ghosts) {
        Failure f = out.failure(id);
        assertEquals("malformed-value-unknown-schema", f.getReason(), id);
        assertTrue(f.getMessage().contains("names schema id " + unknown), f.getMessage());
      }
      assertEquals(1, out.predictions.get("img-0").size(), "the partition went on");
    }
    assertEquals(
        1, TestRegistry.idLookupsAnswered4xx() - before, "registry calls for 6 such records");
  }

  private ImageReference ref(String id, int i) {
    return WorkerHarness.reference(id, images.resolve("img-" + i + ".png").toUri().toString());
  }

  private static List<ConsumerRecord<String, byte[]>> rawOutputs(KafkaConfig c, int n) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(c, "raw", true))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t :
          List.of(
              Topics.PREDICTIONS.name(c.topicPrefix()), Topics.FAILURES.name(c.topicPrefix()))) {
        consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    return out;
  }
}
