package dev.tagstream.worker;

import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.core.images.ImageFetcher;
import dev.tagstream.core.ops.Health;
import dev.tagstream.core.ops.Metrics;
import dev.tagstream.core.ops.OpsServer;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.worker.consume.ScoringWorker;
import dev.tagstream.worker.pipeline.ScoringPipeline;
import dev.tagstream.worker.serving.ModelLoader;
import dev.tagstream.worker.serving.ModelSlot;
import dev.tagstream.worker.serving.ModelWatcher;
import dev.tagstream.worker.serving.ServingModel;
import dev.tagstream.worker.serving.ShadowSlot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring worker as a service: model slot, model watcher, scoring pipeline and consumer loop,
 * with /metrics, /healthz and /readyz. Alive while the consumer loop and the model watcher run;
 * ready once a model is loaded and the loop consumes.
 */
public final class WorkerService implements Service {
  private static final Logger log = LoggerFactory.getLogger(WorkerService.class);

  private final WorkerConfig config;
  private final PrometheusMeterRegistry registry;
  private final WorkerMetrics metrics;
  private final ModelLoader loader;
  private final ThreadSplit threads;
  private final ModelSlot slot;
  private final ShadowSlot shadow = new ShadowSlot();
  private final ScoringPipeline pipeline;
  private final ModelWatcher watcher;
  private final ScoringWorker worker;
  private final Health health = new Health();
  private OpsServer ops;

  public WorkerService(KafkaConfig kafka, WorkerConfig config, Clock clock) {
    this.config = config;
    this.registry = Metrics.registry("worker");
    this.metrics = new WorkerMetrics(registry);
    this.loader = new ModelLoader(Devices.parse(config.device()), config.topK());
    this.threads =
        ThreadSplit.resolve(
            config.pipeline().fetchThreads(),
            config.pipeline().inferenceThreads(),
            loader.device().isGpu(),
            loader.device().toString());
    this.slot =
        new ModelSlot(
            m -> {
              metrics.modelVersion(m.version());
              log.info("serving model {}", m.version());
            });
    ImageFetcher fetcher = ImageFetcher.create(config.fetch());
    this.pipeline =
        ScoringPipeline.create(
            config.pipeline().withInference(threads.inferenceThreads(), threads.perThreadIntraOp()),
            fetcher,
            new ImageDecoder(config.maxPixels()),
            slot,
            shadow,
            metrics,
            clock);
    this.watcher =
        new ModelWatcher(
            kafka,
            "tagstream-worker-models-" + config.workerId(),
            new ReleaseLog(config.modelName()),
            loader,
            slot,
            // shadow-percent 0: a candidate is never even loaded, so shadowing off costs nothing
            config.pipeline().shadowPercent() > 0 ? shadow : null,
            metrics);
    this.worker = new ScoringWorker(config, kafka, pipeline, slot, metrics, clock);
    health
        .liveness("consumer-loop", worker::alive)
        .liveness(ModelWatcher.LIVENESS, watcher::alive)
        .readiness("model", slot::hasModel)
        .readiness("consuming", worker::consuming);
  }

  @Override
  public String name() {
    return "worker";
  }

  /**
   * Loads worker.model (failing fast when it is unusable), then starts watching, scoring and
   * consuming.
   */
  @Override
  public void start() {
    log.info(threads.describe());
    if (config.model() != null) {
      ServingModel initial = loader.load(config.model(), null);
      watcher.served(initial.version(), config.model());
      slot.offer(initial);
      metrics.modelLoaded(initial.version());
    } else {
      log.info(
          "no worker.model: waiting for a PROMOTED release on the models topic before consuming images");
    }
    pipeline.start();
    watcher.start();
    worker.start();
    ops = OpsServer.start("worker", config.http(), registry, health, Map.of());
  }

  /** How this worker's threads share the machine, in words (as logged at start). */
  public String threadSplit() {
    return threads.describe();
  }

  /** The intra-op threads each inference thread sets for itself (0: libtorch's, left alone). */
  public int perThreadIntraOp() {
    return threads.perThreadIntraOp();
  }

  /** The inference threads this worker runs (worker.inference-threads, or its choice). */
  public int inferenceThreads() {
    return threads.inferenceThreads();
  }

  @Override
  public int httpPort() {
    return ops == null ? config.http().port() : ops.port();
  }

  boolean ready() {
    return health.readiness().ok();
  }

  /** Why the consumer loop stopped, or null while it runs. */
  RuntimeException fatal() {
    return worker.fatal();
  }

  String servingVersion() {
    return slot.currentVersion();
  }

  public WorkerMetrics metrics() {
    return metrics;
  }

  @Override
  public java.time.Duration drainTimeout() {
    return config.drainTimeout();
  }

  @Override
  public void close() {
    worker.close(); // drains through the still-running pipeline
    pipeline.close();
    stopRest();
  }

  /** As if the process were killed: nothing drained, nothing committed. */
  void crash() {
    worker.crash();
    pipeline.abort();
    stopRest();
  }

  private void stopRest() {
    watcher.close();
    slot.close();
    shadow.close();
    if (ops != null) {
      ops.close();
    }
    registry.close();
  }
}
