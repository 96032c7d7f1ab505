package dev.tagstream.feedback;

import static dev.tagstream.contracts.LabelDecision.NEGATIVE;
import static dev.tagstream.contracts.LabelDecision.POSITIVE;
import static dev.tagstream.feedback.Fixture.confirm;
import static dev.tagstream.feedback.Fixture.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ConfluentWire;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.SchemaRegistration;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.core.testkit.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams app in serde=registry mode: reads registry values, writes label states in the
 * registry format.
 */
class FeedbackRegistryIT {
  @TempDir Path dir;

  @AfterEach
  void backToTheDefault() {
    ValueEncoding.reset();
  }

  @Test
  void foldsRegistryEncodedConfirmationsIntoRegistryEncodedLabelStates() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(1);
    SchemaRegistration.apply(kafka.withSerde(TestRegistry.registryMode()));
    Path vocabulary = dir.resolve("labels.json");
    Fixture.VOCABULARY.write(vocabulary);
    Settings settings =
        Settings.parse(
            FeedbackSettings.all(),
            List.of("--feedback.vocabulary", vocabulary.toString(), "--feedback.http-port", "0"),
            Map.of());

    try (FeedbackService service =
        (FeedbackService) new FeedbackServiceFactory().create(kafka, settings)) {
      service.start();
      Records.send(kafka, Topics.IMAGES, "img-1", image("img-1", 500));
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "dog", POSITIVE, 1000));
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "car", NEGATIVE, 1100));
      List<LabelState> states =
          Records.readUntil(
                  kafka,
                  Topics.LABEL_STATE,
                  Duration.ofSeconds(60),
                  true,
                  l -> !l.isEmpty() && l.get(l.size() - 1).value().getConfirmations() == 2)
              .stream()
              .map(r -> r.value())
              .toList();
      LabelState last = states.get(states.size() - 1);
      assertEquals(List.of("animal", "dog"), last.getPositives());
      assertEquals(List.of("car"), last.getNegatives());
    }
    String topic = Topics.LABEL_STATE.name(kafka.topicPrefix());
    byte[] header =
        ConfluentWire.header(
            TestRegistry.client().register(topic + "-value", LabelState.getClassSchema()));
    List<byte[]> raw = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "raw", true))) {
      TopicPartition p = new TopicPartition(topic, 0);
      c.assign(List.of(p));
      c.seekToBeginning(List.of(p));
      long end = c.endOffsets(List.of(p)).get(p);
      while (c.position(p) < end) {
        c.poll(Duration.ofMillis(100)).forEach(r -> raw.add(r.value()));
      }
    }
    assertEquals(false, raw.isEmpty());
    for (byte[] v : raw) {
      assertArrayEquals(header, Arrays.copyOf(v, 5));
    }
  }
}
