package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.testkit.Records;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The trainer's view of the training set, read from the real broker. */
class LabelStatesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LabelState state(String id, long confirmations) {
    return Fixture.state(id, List.of("cat"), List.of(), Map.of("cat", 1L), confirmations, 5);
  }

  @Test
  void snapshotKeepsTheNewestStatePerImageAndDropsTombstonedImages() {
    KafkaConfig kafka = TestBroker.freshConfig(2);
    Records.send(kafka, Topics.LABEL_STATE, "img-a", state("img-a", 1));
    Records.send(kafka, Topics.LABEL_STATE, "img-b", state("img-b", 1));
    Records.send(kafka, Topics.LABEL_STATE, "img-a", state("img-a", 2));
    Records.sendRaw(kafka, Topics.LABEL_STATE.name(kafka.topicPrefix()), "img-b", null);
    Records.send(kafka, Topics.LABEL_STATE, "img-c", state("img-c", 1));

    assertEquals(
        Map.of("img-a", state("img-a", 2), "img-c", state("img-c", 1)),
        LabelStates.snapshot(kafka, WAIT));
  }

  @Test
  void snapshotOfEmptyTopicIsEmpty() {
    assertEquals(Map.of(), LabelStates.snapshot(TestBroker.freshConfig(2), WAIT));
  }

  @Test
  void snapshotSeesOnlyCommittedTransactions() {
    KafkaConfig kafka = TestBroker.freshConfig(1);
    String topic = Topics.LABEL_STATE.name(kafka.topicPrefix());
    var serde = Topics.LABEL_STATE.valueSerde();
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            KafkaClients.transactionalProducerProps(
                kafka, "label-states-it", kafka.topicPrefix() + "tx"))) {
      p.initTransactions();
      p.beginTransaction();
      p.send(
          new ProducerRecord<>(topic, "img-aborted", serde.encode(topic, state("img-aborted", 1))));
      p.abortTransaction();
      p.beginTransaction();
      p.send(
          new ProducerRecord<>(
              topic, "img-committed", serde.encode(topic, state("img-committed", 1))));
      p.commitTransaction();
    }

    assertEquals(
        Map.of("img-committed", state("img-committed", 1)), LabelStates.snapshot(kafka, WAIT));
  }

  @Test
  void recordThatIsNotALabelStateFailsTheSnapshotWithItsPosition() {
    KafkaConfig kafka = TestBroker.freshConfig(1);
    Records.send(kafka, Topics.LABEL_STATE, "img-a", state("img-a", 1));
    Records.sendRaw(
        kafka, Topics.LABEL_STATE.name(kafka.topicPrefix()), "img-b", new byte[] {1, 2, 3});

    LabelStates.SnapshotException e =
        assertThrows(LabelStates.SnapshotException.class, () -> LabelStates.snapshot(kafka, WAIT));
    assertEquals(0, e.partition());
    assertEquals(1L, e.offset());
    assertTrue(
        e.getMessage().startsWith(kafka.topicPrefix() + "label-state-0@1: "), e.getMessage());
  }
}
