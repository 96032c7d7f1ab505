package dev.tagstream.worker.consume;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.worker.WorkerConfig;
import dev.tagstream.worker.WorkerMetrics;
import dev.tagstream.worker.pipeline.ImageDeadLetters;
import dev.tagstream.worker.pipeline.ImageJob;
import dev.tagstream.worker.pipeline.Outcome;
import dev.tagstream.worker.pipeline.ScoringPipeline;
import dev.tagstream.worker.pipeline.Stage;
import dev.tagstream.worker.serving.ModelSlot;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop. Owns its consumer and producer on one thread: poll, hand images to the
 * pipeline, produce each outcome (prediction or dead letter), and commit an offset only once the
 * outputs of it (prediction and any shadow prediction, or dead letter) and of every record before
 * it are safe: acknowledged (at-least-once) or committed in the same transaction (exactly-once).
 * Pauses its partitions while too much is in flight. Does not subscribe before a model is
 * available.
 */
public final class ScoringWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScoringWorker.class);

  private record Ack(TopicPartition tp, long offset) {}

  private final WorkerConfig config;
  private final KafkaConfig kafka;
  private final ScoringPipeline pipeline;
  private final ModelSlot slot;
  private final WorkerMetrics metrics;
  private final Clock clock;
  private final String imagesTopic;
  private final String predictionsTopic;
  private final String failuresTopic;
  private final String shadowTopic;
  private final AvroSerde<ImageReference> images = Topics.IMAGES.valueSerde();
  private final AvroSerde<Prediction> predictions = Topics.PREDICTIONS.valueSerde();
  private final AvroSerde<Failure> failures = Topics.FAILURES.valueSerde();
  private final AvroSerde<Prediction> shadows = Topics.SHADOW_PREDICTIONS.valueSerde();
  private final OffsetTracker tracker = new OffsetTracker();
  private final ConcurrentLinkedQueue<Outcome> completed = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean crashed;
  private volatile boolean alive = true;
  private volatile RuntimeException fatal;
  private volatile boolean consuming;
  private KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<String, byte[]> producer;
  private Map<String, Object> producerProps;
  private KafkaClientMetrics clientMetrics;
  private boolean paused;
  private long lastCommitNanos;
  private long lastLagNanos;

  public ScoringWorker(
      WorkerConfig config,
      KafkaConfig kafka,
      ScoringPipeline pipeline,
      ModelSlot slot,
      WorkerMetrics metrics,
      Clock clock) {
    this.config = config;
    this.kafka = kafka;
    this.pipeline = pipeline;
    this.slot = slot;
    this.metrics = metrics;
    this.clock = clock;
    this.imagesTopic = Topics.IMAGES.name(kafka.topicPrefix());
    this.predictionsTopic = Topics.PREDICTIONS.name(kafka.topicPrefix());
    this.failuresTopic = Topics.FAILURES.name(kafka.topicPrefix());
    this.shadowTopic = Topics.SHADOW_PREDICTIONS.name(kafka.topicPrefix());
    this.thread = new Thread(this::run, "tagstream-worker-consumer");
    metrics.gauge(
        "tagstream.worker.in.flight",
        "Records consumed and not yet committed",
        () -> tracker.size());
  }

  public void start() {
    thread.start();
  }

  /** False after a fatal error (the process should be restarted). */
  public boolean alive() {
    return alive;
  }

  /**
   * What stopped the loop (an authorization error names the topic or group), or null while it runs.
   */
  public RuntimeException fatal() {
    return fatal;
  }

  /** Subscribed and consuming, with a model. */
  public boolean consuming() {
    return consuming && alive;
  }

  private boolean exactlyOnce() {
    return config.delivery() == WorkerConfig.Delivery.EXACTLY_ONCE;
  }

  private void run() {
    try {
      while (running && !slot.hasModel()) {
        Thread.sleep(50); // no model yet: images stay unconsumed for a worker that has one
      }
      if (!running) {
        return;
      }
      String clientId = "tagstream-worker-" + config.workerId();
      // The group carries the topic prefix, like the feedback app's id: deployments sharing a
      // cluster never share it.
      String group = kafka.topicPrefix() + config.group();
      Map<String, Object> cp = KafkaClients.consumerProps(kafka, group, clientId, exactlyOnce());
      cp.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
      cp.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          (int) config.sessionTimeout().toMillis() / 3);
      consumer = new KafkaConsumer<>(cp);
      producerProps =
          exactlyOnce()
              ? KafkaClients.transactionalProducerProps(
                  kafka, clientId, group + "-" + config.workerId())
              : KafkaClients.producerProps(kafka, clientId);
      producerProps.put(
          ProducerConfig.LINGER_MS_CONFIG,
          1); // outputs are latency-sensitive; batches form under load anyway
      producer = new KafkaProducer<>(producerProps);
      clientMetrics = new KafkaClientMetrics(consumer);
      clientMetrics.bindTo(metrics.registry());
      if (exactlyOnce()) {
        initTransactions();
      }
      consumer.subscribe(List.of(imagesTopic), new Rebalance());
      consuming = true;
      loop();
      if (crashed) {
        return;
      }
      drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fatal = e;
      alive = false;
      log.error("worker stopped on a fatal error: {}", e.toString(), e);
    } finally {
      consuming = false;
      closeClients(crashed || !alive);
    }
  }

  private void loop() {
    while (running) {
      Duration timeout = tracker.size() > 0 ? Duration.ofMillis(2) : Duration.ofMillis(100);
      for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
        accept(r);
      }
      if (crashed) {
        return;
      }
      collect();
      deliver(false);
      backpressure();
      updateLag();
    }
  }

  private void accept(ConsumerRecord<String, byte[]> r) {
    tracker.track(new TopicPartition(r.topic(), r.partition()), r.offset());
    ImageReference ref;
    try {
      ref = images.decode(r.topic(), r.value());
      if (ref == null) {
        throw new IllegalArgumentException("record has no value (tombstone)");
      }
    } catch (RegistryException e) {
      // The schema registry could not answer for the value's schema id: the record is not at fault,
      // so it is not dead-lettered; the worker stops (fatal) and the uncommitted record is read
      // again after a restart.
      throw e;
    } catch (RuntimeException e) {
      Outcome o =
          ImageDeadLetters.undecodable(
              r.topic(),
              r.partition(),
              r.offset(),
              r.key(),
              r.value(),
              e,
              slot.newestVersion(),
              clock.instant());
      metrics.failed(Stage.DESERIALIZE.id(), o.failure().getReason());
      completed.add(o);
      return;
    }
    pipeline.submit(
        new ImageJob(ref, r.topic(), r.partition(), r.offset(), System.nanoTime()), completed::add);
  }

  private void collect() {
    for (Outcome o; (o = completed.poll()) != null; ) {
      tracker.complete(o); // false: a partition we no longer own; its new owner redoes the record
    }
  }

  private void deliver(boolean force) {
    boolean due = force || System.nanoTime() - lastCommitNanos >= config.commitInterval().toNanos();
    if (exactlyOnce()) {
      if (due) {
        commitTransaction();
      }
      return;
    }
    for (Outcome o : tracker.takeUnsent()) {
      TopicPartition tp = new TopicPartition(o.topic(), o.partition());
      long offset = o.offset();
      List<ProducerRecord<String, byte[]>> records = outputs(o);
      // the offset is acknowledged once every output of the record is (prediction and shadow)
      AtomicInteger unacknowledged = new AtomicInteger(records.size());
      for (ProducerRecord<String, byte[]> record : records) {
        producer.send(
            record,
            (md, e) -> {
              if (e != null) {
                sendFailure.compareAndSet(null, e);
              } else if (unacknowledged.decrementAndGet() == 0) {
                acks.add(new Ack(tp, offset));
              }
            });
      }
    }
    if (force) {
      producer.flush();
    }
    takeAcks();
    if (due) {
      commitAcknowledged();
    }
  }

  private void takeAcks() {
    Exception failure = sendFailure.get();
    if (failure != null) {
      // the idempotent producer already retried for delivery.timeout.ms: outputs cannot be made
      // safe
      throw new KafkaException("cannot deliver outputs: " + failure, failure);
    }
    for (Ack a; (a = acks.poll()) != null; ) {
      tracker.acknowledged(a.tp(), a.offset());
    }
  }

  private void commitAcknowledged() {
    lastCommitNanos = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (RebalanceInProgressException
        | RetriableException
        | org.apache.kafka.clients.consumer.CommitFailedException e) {
      // a later commit covers these offsets; if none comes, the records are scored again (at least
      // once)
      log.debug("commit deferred: {}", e.toString());
    }
  }

  private void commitTransaction() {
    lastCommitNanos = System.nanoTime();
    OffsetTracker.Released released = tracker.releaseInOrder();
    if (released.offsets().isEmpty()) {
      return;
    }
    try {
      producer.beginTransaction();
      for (Outcome o : released.outcomes()) {
        for (ProducerRecord<String, byte[]> record : outputs(o)) {
          producer.send(record);
        }
      }
      producer.sendOffsetsToTransaction(released.offsets(), consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      if (fatal(e)) {
        throw e;
      }
      log.warn("transaction aborted, rewinding to the committed offsets: {}", e.toString());
      abort();
      rewind();
    }
  }

  /**
   * Aborts the open transaction. When the abort itself fails (the broker stayed unreachable past
   * max.block.ms, or the commit timed out and the client refuses anything but its retry), the
   * producer is replaced: the new one's initTransactions fences the old one and settles its open
   * transaction at the coordinator, so nothing of it becomes visible twice. Only a fenced or
   * refused producer stops the worker.
   */
  private void abort() {
    try {
      producer.abortTransaction();
    } catch (KafkaException | IllegalStateException e) {
      if (fatal(e)) {
        throw e;
      }
      log.warn("abort failed, replacing the producer: {}", e.toString());
      producer.close(Duration.ZERO);
      producer = new KafkaProducer<>(producerProps);
      initTransactions();
    }
  }

  /**
   * What neither a retry nor a new producer mends: another instance took over this transactional
   * id, or the cluster refuses us.
   */
  private static boolean fatal(RuntimeException e) {
    return e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof UnsupportedVersionException;
  }

  /** Registers the transactional id, waiting out a broker that cannot be reached yet. */
  private void initTransactions() {
    // retrying initTransactions after its timeout is what the client expects
    untilAnswered(
        "initTransactions timed out",
        () -> {
          producer.initTransactions();
          return null;
        });
  }

  /**
   * The call's result, calling it again each time it times out while the worker runs (a broker out
   * of reach, or state a broker has not settled yet); once stopping, the timeout is thrown.
   */
  private <T> T untilAnswered(String what, java.util.function.Supplier<T> call) {
    while (true) {
      try {
        return call.get();
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (!running) {
          throw e;
        }
        log.warn("{}, retrying: {}", what, e.toString());
      }
    }
  }

  private void rewind() {
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(assigned);
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, c.offset());
      }
    }
    tracker.forget(assigned);
  }

  /**
   * The group's committed offsets, waiting out offsets an open transaction still holds: a
   * read_committed consumer is answered "unstable" until that transaction's markers are written or
   * the coordinator aborts it on its timeout (KIP-447 has clients back off and retry), which after
   * a broker outage can take longer than one call's timeout.
   */
  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Set<TopicPartition> assigned) {
    return untilAnswered("committed offsets not yet readable", () -> consumer.committed(assigned));
  }

  /** The record's outputs: a dead letter, or a prediction and maybe its shadow prediction. */
  private List<ProducerRecord<String, byte[]>> outputs(Outcome o) {
    if (o.isFailure()) {
      return List.of(
          new ProducerRecord<>(
              failuresTopic, o.key(), failures.encode(failuresTopic, o.failure())));
    }
    ProducerRecord<String, byte[]> prediction =
        new ProducerRecord<>(
            predictionsTopic, o.key(), predictions.encode(predictionsTopic, o.prediction()));
    return o.shadow() == null
        ? List.of(prediction)
        : List.of(
            prediction,
            new ProducerRecord<>(shadowTopic, o.key(), shadows.encode(shadowTopic, o.shadow())));
  }

  private void backpressure() {
    int n = tracker.size();
    if (!paused && n >= config.maxInFlight()) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused && n <= config.maxInFlight() / 2) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  private void updateLag() {
    long now = System.nanoTime();
    if (now - lastLagNanos < 1_000_000_000L) {
      return;
    }
    lastLagNanos = now;
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    metrics.lag(lag);
  }

  /** Graceful: stop taking records, wait for what is in flight to be delivered and committed. */
  private void drain() {
    consumer.pause(consumer.assignment());
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (tracker.size() > 0 && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(5)); // keeps the group membership; paused, so returns nothing
      collect();
      deliver(true);
    }
    if (tracker.size() > 0) {
      log.warn(
          "{} records not finished within the drain timeout; they will be scored again",
          tracker.size());
    }
  }

  private void closeClients(boolean abrupt) {
    Duration t = abrupt ? Duration.ZERO : Duration.ofSeconds(5);
    if (clientMetrics != null) {
      clientMetrics.close();
    }
    if (consumer != null) {
      try {
        // abrupt still leaves the group (1 s) so a replacement need not wait for the session
        // timeout
        consumer.close(CloseOptions.timeout(abrupt ? Duration.ofSeconds(1) : t));
      } catch (RuntimeException e) {
        log.debug("consumer close: {}", e.toString());
      }
    }
    if (producer != null) {
      try {
        producer.close(t);
      } catch (RuntimeException e) {
        log.debug("producer close: {}", e.toString());
      }
    }
  }

  /** Drains in-flight work, commits, and stops. */
  @Override
  public void close() {
    running = false;
    join();
  }

  /**
   * Stops at once without committing or draining, as a killed process would; in-flight work is
   * abandoned.
   */
  public void crash() {
    crashed = true;
    running = false;
    join();
  }

  private void join() {
    try {
      thread.join(config.drainTimeout().toMillis() + 15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Commits what is safe before partitions go; forgets the rest (the next owner scores it again).
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (crashed) {
        return;
      }
      if (!exactlyOnce()) {
        takeAcks();
        commitAcknowledged();
      }
      tracker.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      tracker.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused) {
        consumer.pause(partitions);
      }
    }
  }
}
