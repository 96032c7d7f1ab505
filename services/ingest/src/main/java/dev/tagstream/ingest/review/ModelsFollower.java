package dev.tagstream.ingest.review;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code models} from the beginning, group-less (every ingest instance needs every release), into a
 * {@link ReleaseList}, on its own daemon thread which owns the consumer. A record that does not decode is skipped.
 */
public final class ModelsFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelsFollower.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final ReleaseList releases;
  private final AvroSerde<ModelRelease> serde = Topics.MODELS.valueSerde();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;

  public ModelsFollower(KafkaConfig kafka, ReleaseList releases) {
    this.topic = Topics.MODELS.name(kafka.topicPrefix());
    this.releases = releases;
    this.consumer = new KafkaConsumer<>(KafkaClients.readerProps(kafka, "tagstream-ingest-models", true));
    this.thread = new Thread(this::run, "ingest-models-follower");
    thread.setDaemon(true);
  }

  public void start() {
    started = true;
    thread.start();
  }

  public boolean alive() {
    return thread.isAlive() || !running;
  }

  private void run() {
    try {
      List<TopicPartition> parts = List.of();
      while (running && parts.isEmpty()) {
        try {
          parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          log.warn("no metadata for {} yet; retrying", topic);
        }
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            releases.apply(serde.decode(topic, r.value()));
          } catch (ContractException e) {
            log.warn("skipping undecodable release {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("models follower stopped: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() {
    running = false;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
