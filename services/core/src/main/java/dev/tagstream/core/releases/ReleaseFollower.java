package dev.tagstream.core.releases;

import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code models} topic from its beginning, without a consumer group (every instance
 * needs every release), on its own daemon thread that owns the consumer. Each release that decodes
 * goes to the listener in log order; one that does not is skipped with a warning, because the
 * releases after it still matter. Should the thread stop on an error, it logs it with its trace and
 * {@link #alive()} turns false, so the owner's liveness check fails and the process is restarted
 * instead of following nothing for ever. The worker (what to serve) and ingest (what the review
 * pages show) follow releases through this one class.
 */
public final class ReleaseFollower implements AutoCloseable {
  /** What the owner does with the releases; both callbacks run on the follower's thread. */
  public interface Listener {
    /** One decoded release, in log order. */
    void release(ModelRelease release);

    /**
     * After a poll, once every partition has been read to its end: a moment to act on the newest
     * state only.
     */
    default void caughtUp() {}
  }

  private static final Logger log = LoggerFactory.getLogger(ReleaseFollower.class);

  private final KafkaConfig kafka;
  private final String clientId;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public ReleaseFollower(KafkaConfig kafka, String clientId, String threadName, Listener listener) {
    this.kafka = kafka;
    this.clientId = clientId;
    this.listener = listener;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  public void start() {
    started = true;
    thread.start();
  }

  /**
   * False once the thread has ended other than by {@link #close()}: no later release would ever be
   * seen.
   */
  public boolean alive() {
    return !started || !running || thread.isAlive();
  }

  /**
   * Every release on {@code models} up to the end it had when called, decoded in log order
   * (undecodable ones skipped): a one-off read for commands, such as rollback, that need the
   * history and not a follower.
   */
  public static List<ModelRelease> readToEnd(KafkaConfig kafka, String clientId, Duration timeout) {
    String topic = Topics.MODELS.name(kafka.topicPrefix());
    List<ModelRelease> releases = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, clientId, true))) {
      List<TopicPartition> parts = KafkaClients.assignFromStart(c, null, List.of(topic));
      var ends = c.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "reading " + topic + " to its end took over " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          decode(topic, r).ifPresent(releases::add);
        }
      }
    }
    return releases;
  }

  /** The release a record holds; empty for a tombstone or (logged) for one that does not decode. */
  private static Optional<ModelRelease> decode(String topic, ConsumerRecord<String, byte[]> r) {
    try {
      return Optional.ofNullable(Topics.MODELS.valueSerde().decode(topic, r.value()));
    } catch (ContractException e) {
      log.warn(
          "skipping unreadable release at {}-{}@{}: {}",
          topic,
          r.partition(),
          r.offset(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private void run() {
    String topic = Topics.MODELS.name(kafka.topicPrefix());
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, clientId, true))) {
      consumer = c;
      List<TopicPartition> parts = KafkaClients.assignFromStart(c, null, List.of(topic));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          decode(topic, r).ifPresent(listener::release);
        }
        if (parts.stream().allMatch(tp -> c.currentLag(tp).orElse(1) == 0)) {
          listener.caughtUp();
        }
      }
    } catch (WakeupException | InterruptException e) {
      if (running) { // not closing: someone else woke or interrupted the thread, and it has ended
        // all the same
        log.error(
            "{} stopped unexpectedly; no later release will be seen until a restart",
            thread.getName(),
            e);
      }
    } catch (RuntimeException | Error e) {
      // an Error ends the thread too: say so here, with the trace, rather than only on stderr
      log.error("{} stopped: no later release will be seen until a restart", thread.getName(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (!started) {
      return;
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
