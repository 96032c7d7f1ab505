package dev.tagstream.core.testkit;

import dev.tagstream.contracts.Topic;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Test helpers that write and read typed records through the real broker. */
public final class Records {
  private Records() {}

  public static <V extends SpecificRecord> void send(
      KafkaConfig c, Topic<V> topic, String key, V value) {
    sendRaw(
        c,
        topic.name(c.topicPrefix()),
        key,
        topic.valueSerde().encode(topic.name(c.topicPrefix()), value));
  }

  public static void sendRaw(KafkaConfig c, String topicName, String key, byte[] value) {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(c, "test-producer"))) {
      p.send(new ProducerRecord<>(topicName, key, value)).get();
    } catch (Exception e) {
      throw new AssertionError("could not send to " + topicName, e);
    }
  }

  /**
   * Reads the topic from the beginning until {@code done} holds for what was read, or the timeout
   * passes.
   */
  public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readUntil(
      KafkaConfig c,
      Topic<V> topic,
      Duration timeout,
      boolean readCommitted,
      Predicate<List<ConsumerRecord<String, V>>> done) {
    String name = topic.name(c.topicPrefix());
    var serde = topic.valueSerde();
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(c, "test-reader", readCommitted))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(name).stream()
              .map(p -> new TopicPartition(name, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out) && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(100))) {
          out.add(
              new ConsumerRecord<>(
                  r.topic(), r.partition(), r.offset(), r.key(), serde.decode(name, r.value())));
        }
      }
    }
    return out;
  }

  public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAtLeast(
      KafkaConfig c, Topic<V> topic, int n, Duration timeout) {
    return readUntil(c, topic, timeout, false, l -> l.size() >= n);
  }

  public static Map<String, Object> consumerProps(KafkaConfig c, String group) {
    return KafkaClients.consumerProps(c, group, group, false);
  }
}
