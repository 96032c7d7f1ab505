package dev.tagstream.worker;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.HttpConfig;
import dev.tagstream.core.config.HttpSettings;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.images.FetchConfig;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.worker.pipeline.PipelineConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** The worker's validated configuration, parsed once from {@link Settings}. */
public record WorkerConfig(
    String model,
    String modelName,
    String device,
    String group,
    String workerId,
    Delivery delivery,
    int maxInFlight,
    Duration commitInterval,
    Duration drainTimeout,
    Duration sessionTimeout,
    int topK,
    long maxPixels,
    PipelineConfig pipeline,
    FetchConfig fetch,
    HttpConfig http) {

  /** How outputs and offsets are made safe. */
  public enum Delivery {
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    static Delivery parse(String s) {
      return switch (s.trim()) {
        case "at-least-once" -> AT_LEAST_ONCE;
        case "exactly-once" -> EXACTLY_ONCE;
        default -> throw new ConfigException("use at-least-once or exactly-once");
      };
    }
  }

  public static WorkerConfig from(Settings s) {
    int threads = s.integer(WorkerSettings.FETCH_THREADS, 0, 256);
    PipelineConfig pipeline =
        new PipelineConfig(
            s.integer(WorkerSettings.BATCH_SIZE, 1, 4096),
            s.duration(WorkerSettings.MAX_WAIT, Duration.ZERO, Duration.ofMinutes(1)),
            threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
            s.integer(WorkerSettings.INFERENCE_THREADS, 0, 64),
            0, // the worker's ThreadSplit chooses
            s.bool(WorkerSettings.PROBABILITIES),
            s.bool(WorkerSettings.EMBEDDING),
            s.integer(WorkerSettings.SHADOW_PERCENT, 0, 100));
    FetchConfig fetch = WorkerSettings.FETCH.read(s);
    String id = s.stringOrNull(WorkerSettings.ID);
    if (!Devices.isValidName(s.string(WorkerSettings.DEVICE))) {
      throw s.invalid(WorkerSettings.DEVICE, "must be auto, cpu, gpu or gpu:N");
    }
    return new WorkerConfig(
        s.stringOrNull(WorkerSettings.MODEL),
        s.string(WorkerSettings.MODEL_NAME),
        s.string(WorkerSettings.DEVICE),
        s.string(WorkerSettings.GROUP),
        id == null ? hostName() : id,
        s.parsed(WorkerSettings.DELIVERY, Delivery::parse),
        s.integer(WorkerSettings.MAX_IN_FLIGHT, 1, 1_000_000),
        s.duration(WorkerSettings.COMMIT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(10)),
        s.duration(WorkerSettings.DRAIN_TIMEOUT, Duration.ZERO, Duration.ofHours(1)),
        // the broker's default group.min/max.session.timeout.ms: anything outside fails the
        // consumer at join
        s.duration(WorkerSettings.SESSION_TIMEOUT, Duration.ofSeconds(6), Duration.ofMinutes(30)),
        s.integer(WorkerSettings.TOP_K, 1, 100_000),
        WorkerSettings.FETCH.maxPixels(s),
        pipeline,
        fetch,
        HttpSettings.read(s, WorkerSettings.HTTP_PORT));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "worker";
    }
  }
}
