package dev.tagstream.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The worker's meters, all named {@code tagstream.worker.*}. */
public final class WorkerMetrics {
  static final Duration MAX_END_TO_END = Duration.ofDays(366);
  private final MeterRegistry registry;
  private final Counter scored;
  private final Counter failed;
  private final DistributionSummary batchSize;
  private final Map<String, Timer> stages = new ConcurrentHashMap<>();
  private final Timer endToEnd;
  private final AtomicLong lag = new AtomicLong();
  private final Counter swaps;
  private volatile Gauge versionGauge;
  private Gauge loadedGauge;

  WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.scored =
        Counter.builder("tagstream.worker.images")
            .tag("outcome", "scored")
            .description("Images scored (rate = images/s)")
            .register(registry);
    this.failed =
        Counter.builder("tagstream.worker.images")
            .tag("outcome", "failed")
            .description("Images dead-lettered")
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("tagstream.worker.batch.size")
            .description("Images per inference batch")
            .publishPercentileHistogram()
            .register(registry);
    this.endToEnd =
        Timer.builder("tagstream.worker.end.to.end")
            .description("From submission (submittedAt) to scored")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("tagstream.worker.consumer.lag", lag, AtomicLong::get)
        .description("Records behind the end of the assigned images partitions")
        .register(registry);
    this.swaps =
        Counter.builder("tagstream.worker.model.swaps")
            .description("Model versions switched to")
            .register(registry);
  }

  public static WorkerMetrics inMemory() {
    return new WorkerMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  public void scored(int n) {
    scored.increment(n);
  }

  /** Images a shadowed candidate scored beside the served model. */
  public void shadowScored(int n) {
    Counter.builder("tagstream.worker.shadow.scored")
        .description("Images a candidate scored in shadow (worker.shadow-percent)")
        .register(registry)
        .increment(n);
  }

  /** A shadow batch that failed: the served predictions go out without shadow ones. */
  public void shadowFailed(String reason) {
    Counter.builder("tagstream.worker.shadow.failures")
        .tag("reason", reason)
        .description("Shadow batches that failed; served predictions were not affected")
        .register(registry)
        .increment();
  }

  public void failed(String stage, String reason) {
    failed.increment();
    Counter.builder("tagstream.worker.failures")
        .tag("stage", stage)
        .tag("reason", reason)
        .description("Dead letters by stage and reason")
        .register(registry)
        .increment();
  }

  /** Batches scored so far. */
  public long batches() {
    return batchSize.count();
  }

  /** Images in all batches scored so far. */
  public double batchedImages() {
    return batchSize.totalAmount();
  }

  /**
   * Total time recorded for a pipeline stage ("fetch", "decode", "queue", "inference", "worker"),
   * in seconds.
   */
  public double stageSeconds(String stage) {
    Timer t = stages.get(stage);
    return t == null ? 0 : t.totalTime(java.util.concurrent.TimeUnit.SECONDS);
  }

  public void batch(int size) {
    batchSize.record(size);
  }

  /** fetch, decode, queue, inference or worker (received to scored). */
  public void stage(String stage, long nanos) {
    stages
        .computeIfAbsent(
            stage,
            s ->
                Timer.builder("tagstream.worker.stage.latency")
                    .tag("stage", s)
                    .description("Latency of one pipeline stage")
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Submitted to scored; a time outside [0, 1 year] is a client's clock or a damaged record, not a
   * latency.
   */
  public void endToEnd(Duration d) {
    // Found by PoisonRecordsFuzzIT: a submittedAt centuries away overflowed Timer.record's
    // nanoseconds, and the
    // throw turned the image's finished prediction into a dead letter.
    if (!d.isNegative() && d.compareTo(MAX_END_TO_END) <= 0) {
      endToEnd.record(d);
    }
  }

  public void lag(long records) {
    lag.set(records);
  }

  public void modelRejected(String reason) {
    Counter.builder("tagstream.worker.model.rejections")
        .tag("reason", reason)
        .description("Model versions refused at validation")
        .register(registry)
        .increment();
  }

  /**
   * The newest validated version, loaded and waiting for the next batch (or already serving):
   * operators and the demo can tell a release was accepted before traffic makes the switch.
   */
  public synchronized void modelLoaded(String version) {
    if (loadedGauge != null) {
      registry.remove(loadedGauge);
    }
    loadedGauge =
        Gauge.builder("tagstream.worker.model.loaded", () -> 1)
            .tag("version", version)
            .description("The newest validated model version (serving from the next batch)")
            .register(registry);
  }

  /** The serving version as a gauge of value 1 tagged with it (the Prometheus "info" idiom). */
  public synchronized void modelVersion(String version) {
    if (versionGauge != null) {
      registry.remove(versionGauge);
    }
    versionGauge =
        Gauge.builder("tagstream.worker.model.version", () -> 1)
            .tag("version", version)
            .description("The model version serving now")
            .register(registry);
    swaps.increment();
  }
}
