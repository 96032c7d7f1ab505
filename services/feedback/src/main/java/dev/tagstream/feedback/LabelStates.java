package dev.tagstream.feedback;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.KafkaUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the compacted {@code label-state} topic to its end into a map (image id -> newest state):
 * the training set as of the call. Group-less and read-committed, so it sees only what the
 * exactly-once app committed and leaves no consumer group behind.
 */
public final class LabelStates {
  private LabelStates() {}

  /**
   * The newest committed state of every image; a tombstone removes the image. Throws {@link
   * KafkaUnavailableException} when the topic cannot be read to its end within {@code timeout}, and
   * {@link SnapshotException} on a value that is not a {@link LabelState}.
   */
  public static Map<String, LabelState> snapshot(KafkaConfig kafka, Duration timeout) {
    String topic = Topics.LABEL_STATE.name(kafka.topicPrefix());
    AvroSerde<LabelState> serde = Topics.LABEL_STATE.valueSerde();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, LabelState> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "tagstream-label-states", true))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new KafkaUnavailableException(
            "topic " + topic + " does not exist on " + kafka.bootstrap(), null);
      }
      List<TopicPartition> parts =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      // Under read_committed the end offsets are the last stable offsets: open transactions are not
      // waited for.
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new KafkaUnavailableException(
              "could not read " + topic + " to its end within " + timeout, null);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
            continue; // written after the snapshot started
          }
          if (r.value() == null) {
            out.remove(r.key());
            continue;
          }
          try {
            out.put(r.key(), serde.decode(topic, r.value()));
          } catch (ContractException e) {
            throw new SnapshotException(topic, r.partition(), r.offset(), e);
          }
        }
      }
    } catch (KafkaException e) {
      throw new KafkaUnavailableException(
          "cannot read " + topic + " from " + kafka.bootstrap() + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** A record on label-state that is not a LabelState; carries where it is. */
  public static final class SnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final long offset;

    SnapshotException(String topic, int partition, long offset, ContractException cause) {
      super(topic + "-" + partition + "@" + offset + ": " + cause.getMessage(), cause);
      this.partition = partition;
      this.offset = offset;
    }

    public int partition() {
      return partition;
    }

    public long offset() {
      return offset;
    }
  }
}
