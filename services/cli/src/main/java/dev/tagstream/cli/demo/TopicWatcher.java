package dev.tagstream.cli.demo;

import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.model.data.ManifestEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows {@code predictions}, {@code failures}, {@code models} and {@code label-state} in the
 * background, as a downstream consumer would.
 */
final class TopicWatcher implements AutoCloseable {
  final Map<String, Prediction> predictions = new ConcurrentHashMap<>();
  final Map<String, Failure> failures = new ConcurrentHashMap<>();
  final List<ModelRelease> releases = new CopyOnWriteArrayList<>();
  final Map<String, LabelState> labelStates = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  TopicWatcher(KafkaConfig c) {
    thread = new Thread(() -> follow(c), "demo-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void follow(KafkaConfig c) {
    String p = Topics.PREDICTIONS.name(c.topicPrefix());
    String f = Topics.FAILURES.name(c.topicPrefix());
    String m = Topics.MODELS.name(c.topicPrefix());
    String l = Topics.LABEL_STATE.name(c.topicPrefix());
    var ps = Topics.PREDICTIONS.valueSerde();
    var fs = Topics.FAILURES.valueSerde();
    var ms = Topics.MODELS.valueSerde();
    var ls = Topics.LABEL_STATE.valueSerde();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(c, "demo-watcher", true))) {
      KafkaClients.assignFromStart(consumer, null, List.of(p, f, m, l));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            if (r.topic().equals(p)) {
              predictions.put(r.key(), ps.decode(p, r.value()));
            } else if (r.topic().equals(f)) {
              failures.put(r.key(), fs.decode(f, r.value()));
            } else if (r.topic().equals(l)) {
              if (r.value() != null) {
                labelStates.put(r.key(), ls.decode(l, r.value()));
              }
            } else {
              releases.add(ms.decode(m, r.value()));
            }
          } catch (ContractException e) {
            // the demo writes nothing malformed; anything else is not ours to judge here
          }
        }
      }
    }
  }

  /** Whether label-state holds every positive label the entry was submitted with. */
  boolean hasLabels(ManifestEntry e) {
    LabelState s = labelStates.get(e.id());
    return s != null
        && s.getPositives().stream().map(Object::toString).toList().containsAll(e.positives());
  }

  /** Waits until {@code done} holds, showing {@code progress()} each second; false on timeout. */
  static boolean await(BooleanSupplier done, Duration timeout, Runnable progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextShow = 0;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      if (System.nanoTime() > nextShow) {
        progress.run();
        nextShow = System.nanoTime() + 1_000_000_000L;
      }
      Thread.sleep(100);
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
