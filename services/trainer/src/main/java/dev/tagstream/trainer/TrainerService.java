package dev.tagstream.trainer;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.ops.Health;
import dev.tagstream.core.ops.Metrics;
import dev.tagstream.core.ops.OpsServer;
import dev.tagstream.core.releases.ReleaseLog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer: one loop thread follows label-state and models, follows an open candidate's shadow
 * evaluation and announces its verdict, and asks the trigger after every poll (never while a
 * candidate is open); trainings run one at a time on their own thread. Closing interrupts a running
 * training, which then announces nothing.
 */
public final class TrainerService implements Service {
  private static final Logger log = LoggerFactory.getLogger(TrainerService.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final TrainerConfig cfg;
  private final KafkaConfig kafka;
  private final Clock clock;
  private final PrometheusMeterRegistry registry = Metrics.registry("trainer");
  private final Health health = new Health();
  private final LabelStateSnapshot snapshot = new LabelStateSnapshot();
  private final ReleaseLog history;
  private final RetrainTrigger trigger;
  private final TrainerMetrics metrics;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong trainings = new AtomicLong();
  private volatile boolean closing;
  private volatile boolean loopFailed;
  private ExecutorService trainingPool;
  private Thread loop;
  private TopicFollower follower;
  private ShadowFollower shadow;
  private ReleasePublisher publisher;
  private RetrainCycle cycle;
  private OpsServer ops;

  TrainerService(TrainerConfig cfg, KafkaConfig kafka, Clock clock) {
    this.cfg = cfg;
    this.kafka = kafka;
    this.clock = clock;
    this.history = new ReleaseLog(cfg.modelName());
    this.trigger = new RetrainTrigger(cfg.trigger(), clock);
    this.metrics = new TrainerMetrics(registry, snapshot::size, snapshot::newConfirmations);
  }

  @Override
  public String name() {
    return "trainer";
  }

  @Override
  public synchronized void start() {
    try {
      Files.createDirectories(cfg.registry());
      Files.createDirectories(cfg.embeddingCache().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create " + cfg.registry() + " or the embedding cache directory", e);
    }
    publisher = new ReleasePublisher(kafka, "tagstream-trainer");
    AddedLabels added = new AddedLabels();
    follower = new TopicFollower(kafka, snapshot, added, history, metrics);
    shadow = new ShadowFollower(kafka, cfg.shadow().gate(), clock, metrics);
    cycle = new RetrainCycle(cfg, history, added, publisher, metrics, clock, () -> closing);
    trainingPool = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-training"));
    health
        .liveness("loop", () -> !loopFailed)
        .liveness("models-follower", () -> follower == null || follower.releasesAlive())
        .readiness("label-state-caught-up", follower::caughtUp);
    ops = OpsServer.start("trainer", cfg.http(), registry, health, Map.of());
    loop = new Thread(this::runLoop, "trainer-follower");
    loop.start();
  }

  private void runLoop() {
    try {
      follower.start();
      while (!closing) {
        follower.poll(POLL);
        if (follower.caughtUp()) { // the open candidate is known only once the history is read
          shadow.poll(history.candidate()).ifPresent(this::announceVerdict);
        }
        maybeStartTraining();
      }
    } catch (WakeupException e) {
      if (!closing) {
        loopFailed = true;
        log.error("trainer loop woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      loopFailed = true;
      log.error("trainer loop stopped: {}", e.toString(), e);
    } finally {
      follower.close();
      shadow.close();
    }
  }

  /** The shadow gate's verdict on the open candidate; a failed publish is retried next poll. */
  private void announceVerdict(ModelRelease verdict) {
    try {
      publisher.publish(verdict);
    } catch (ReleasePublisher.PublishException e) {
      log.warn("verdict on candidate {} not announced: {}", verdict.getVersion(), e.getMessage());
      return;
    }
    history.apply(verdict);
    (verdict.getStatus() == ReleaseStatus.PROMOTED ? metrics.promoted : metrics.rejected)
        .increment();
    log.info("candidate {} {}: {}", verdict.getVersion(), verdict.getStatus(), verdict.getReason());
  }

  private void maybeStartTraining() {
    if (history.candidate().isPresent()) {
      return; // one candidate at a time: the next one trains after this one's verdict
    }
    Optional<String> why =
        trigger.check(snapshot.newConfirmations(), running.get(), follower.caughtUp());
    if (why.isEmpty() || !running.compareAndSet(false, true)) {
      return;
    }
    LabelStateSnapshot.Taken taken = snapshot.take();
    long number = trainings.incrementAndGet();
    try {
      trainingPool.execute(() -> train(taken, number, why.get()));
    } catch (RejectedExecutionException e) { // closing
      snapshot.giveBack(taken.newConfirmations());
      running.set(false);
    }
  }

  private void train(LabelStateSnapshot.Taken taken, long number, String why) {
    metrics.started.increment();
    metrics.trainingActive(true);
    Instant t0 = clock.instant();
    boolean failed = true;
    try {
      cycle.run(taken.states(), number, why);
      failed = false;
      metrics.completed.increment();
      metrics.recordDuration(Duration.between(t0, clock.instant()));
    } catch (RuntimeException e) {
      metrics.failed.increment();
      snapshot.giveBack(taken.newConfirmations());
      if (closing) {
        log.info("training stopped: trainer closing; nothing announced");
      } else if (e instanceof TrainingException) {
        log.warn(
            "training failed, nothing announced: {}",
            e.getMessage()); // a condition, not a bug: no trace
      } else {
        log.warn("training failed, nothing announced: {}", e.toString(), e);
      }
    } finally {
      trigger.trainingEnded(failed);
      metrics.trainingActive(false);
      running.set(false);
    }
  }

  @Override
  public int httpPort() {
    return ops == null ? cfg.http().port() : ops.port();
  }

  PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  TrainerMetrics metrics() {
    return metrics;
  }

  boolean caughtUp() {
    return follower != null && follower.caughtUp();
  }

  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (trainingPool != null) {
      trainingPool.shutdownNow(); // interrupts a running training; it announces nothing
      try {
        if (!trainingPool.awaitTermination(2, TimeUnit.MINUTES)) {
          log.warn("training did not stop within 2 minutes");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (loop != null) {
      follower.wakeup();
      shadow.wakeup();
      try {
        loop.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (publisher != null) {
      publisher.close();
    }
    if (ops != null) {
      ops.close();
    }
  }
}
