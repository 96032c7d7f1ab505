package dev.tagstream.worker;

import dev.tagstream.core.releases.ReleaseLog;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code models} topic from its beginning on its own thread and consumer. When the release to
 * serve changes, loads and validates the new artifact here, in the background, and offers it to the slot; a
 * release that fails validation is refused and counted while the current model keeps serving. Should the thread
 * stop on an error it logs it with its trace and {@link #alive()} turns false, so the worker's liveness check
 * {@value #LIVENESS} fails and the worker is restarted instead of serving an old model for ever.
 */
final class ModelWatcher implements AutoCloseable {
  /** The name of the worker's liveness check on this watcher. */
  static final String LIVENESS = "model-watcher";
  private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

  private final KafkaConfig kafka;
  private final String clientId;
  private final ReleaseLog releases;
  private final ModelLoader loader;
  private final ModelSlot slot;
  private final WorkerMetrics metrics;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private String serving; // "version@location" of what is served
  private final java.util.Set<String> refused = new java.util.HashSet<>(); // never retried in a loop

  ModelWatcher(KafkaConfig kafka, String clientId, ReleaseLog releases, ModelLoader loader, ModelSlot slot,
      WorkerMetrics metrics) {
    this.kafka = kafka;
    this.clientId = clientId;
    this.releases = releases;
    this.loader = loader;
    this.slot = slot;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "tagstream-worker-models");
    this.thread.setDaemon(true);
  }

  void start() {
    started = true;
    thread.start();
  }

  /** False once the thread has ended other than by {@link #close()}: no later release would ever be served. */
  boolean alive() {
    return !started || !running || thread.isAlive();
  }

  /** The initial model from configuration counts as served, so an identical release is not loaded twice. */
  void served(String version, String location) {
    serving = version + "@" + location;
  }

  private void run() {
    String topic = Topics.MODELS.name(kafka.topicPrefix());
    AvroSerde<ModelRelease> serde = Topics.MODELS.valueSerde();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClients.readerProps(kafka, clientId, true))) {
      consumer = c;
      List<TopicPartition> parts = KafkaClients.assignFromStart(c, null, List.of(topic));
      while (running) {
        var records = c.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : records) {
          try {
            ModelRelease release = serde.decode(topic, r.value());
            if (release != null) {
              releases.apply(release);
            }
          } catch (ContractException e) {
            log.warn("skipping unreadable release at {}-{}@{}: {}", topic, r.partition(), r.offset(), e.getMessage());
          }
        }
        // act on the newest state only once caught up, not on every historic release
        boolean caughtUp = parts.stream().allMatch(tp -> c.currentLag(tp).orElse(1) == 0);
        if (caughtUp) {
          serveNewestLoadable();
        }
      }
    } catch (WakeupException | InterruptException e) {
      if (running) { // not closing: someone else woke or interrupted the thread, and it has ended all the same
        log.error("model watcher stopped unexpectedly (liveness check {} fails)", LIVENESS, e);
      }
    } catch (RuntimeException | Error e) {
      // an Error ends the thread too: say so here, with the trace, rather than only on stderr
      log.error("model watcher stopped: no new release will be served until the worker restarts (liveness check {}"
          + " fails); keeps serving {}", LIVENESS, Optional.ofNullable(slot.newestVersion()).orElse("nothing"), e);
    }
  }

  /**
   * Serves the newest promoted release that loads and validates: a broken newest release is refused (once) and
   * the one before it keeps, or starts, serving; a worker that starts after a broken release still finds a model.
   */
  private void serveNewestLoadable() {
    for (ModelRelease release : releases.promotedNewestFirst()) {
      String key = release.getVersion() + "@" + release.getArtifactUri();
      if (key.equals(serving)) {
        return;
      }
      if (refused.contains(key)) {
        continue;
      }
      try {
        ServingModel model = loader.load(release.getArtifactUri(), release.getLabelSetHash());
        slot.offer(model);
        serving = key;
        metrics.modelLoaded(release.getVersion());
        log.info("model {} loaded from {}; serving it from the next batch", release.getVersion(), release.getArtifactUri());
        return;
      } catch (ModelRejectedException e) {
        refused.add(key);
        metrics.modelRejected("invalid-artifact");
        log.warn("refused release {}: {}; still serving {}", release.getVersion(), e.getMessage(),
            Optional.ofNullable(slot.currentVersion()).orElse("nothing"));
      }
    }
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
