package dev.tagstream.worker;

import dev.tagstream.core.config.HttpSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.images.FetchSettings;
import java.util.ArrayList;
import java.util.List;

/** Every setting of the worker (flag {@code --key}, environment {@code TAGSTREAM_KEY}). */
public final class WorkerSettings {
  private WorkerSettings() {}

  static final Setting MODEL =
      Setting.of(
          "worker.model",
          null,
          "Model artifact directory to serve at start-up. A newer PROMOTED release on the models topic replaces it. "
              + "With neither, the worker is not ready and leaves images unconsumed until a release arrives.");
  static final Setting MODEL_NAME =
      Setting.of(
          "worker.model-name",
          "",
          "Serve only releases with this model name (the models topic key); blank serves any.");
  static final Setting DEVICE =
      Setting.of("worker.device", "auto", "Inference device: auto, cpu, gpu or gpu:N.");
  static final Setting GROUP =
      Setting.of(
          "worker.group",
          "tagstream-worker",
          "Consumer group of the workers (the topic prefix is put in front).");
  static final Setting ID =
      Setting.of(
          "worker.id",
          null,
          "Stable id of this worker instance: its client id and, in exactly-once mode, the end of its transactional id "
              + "<topic prefix><worker.group>-<worker.id>, so a restarted instance fences its predecessor. Default: the "
              + "host name.");
  static final Setting DELIVERY =
      Setting.of(
          "worker.delivery",
          "at-least-once",
          "at-least-once (commit after the producer acknowledged the outputs) or exactly-once (transactions; "
              + "downstream consumers must read with isolation.level=read_committed).");
  // 64: the only size that met the efficiency and p99 targets on a quiet machine
  // (bench/results/worker.md)
  public static final Setting BATCH_SIZE =
      Setting.of("worker.batch-size", "64", "Maximum images per inference batch.");
  static final Setting MAX_WAIT =
      Setting.of(
          "worker.max-wait",
          "10ms",
          "Longest an image waits for its batch to fill before a partial batch runs.");
  static final Setting FETCH_THREADS =
      Setting.of(
          "worker.fetch-threads",
          "0",
          "Threads fetching and decoding images (0: one per available core).");
  static final Setting INFERENCE_THREADS =
      Setting.of(
          "worker.inference-threads",
          "0",
          "Threads scoring batches at once, each its own batch (0: on a CPU two, with libtorch's intra-op threads set so that inference threads x intra-op threads = cores; on a GPU one).");
  static final Setting MAX_IN_FLIGHT =
      Setting.of(
          "worker.max-in-flight",
          "512",
          "Consumed but not yet committable records above which partitions are paused (resumed below half).");
  static final Setting COMMIT_INTERVAL =
      Setting.of(
          "worker.commit-interval",
          "100ms",
          "How often offsets are committed (exactly-once: how often a transaction commits).");
  static final Setting DRAIN_TIMEOUT =
      Setting.of(
          "worker.drain-timeout",
          "30s",
          "On shutdown, how long to wait for in-flight images to be scored and committed.");
  static final Setting SESSION_TIMEOUT =
      Setting.of(
          "worker.session-timeout",
          "45s",
          "Consumer group session timeout: how soon the partitions of a worker that died without leaving the group "
              + "move to the others (the broker allows 6s to 5m by default).");
  static final Setting TOP_K = Setting.of("worker.top-k", "10", "Most labels in one prediction.");
  static final Setting PROBABILITIES =
      Setting.of(
          "worker.include-probabilities",
          "false",
          "Add the full probability vector (model label order) to each prediction.");
  static final Setting SHADOW_PERCENT =
      Setting.of(
          "worker.shadow-percent",
          "0",
          "Percent of images (by a stable hash of the image id) an announced CANDIDATE model also scores, to shadow-predictions. 0: off.");
  static final Setting EMBEDDING =
      Setting.of(
          "worker.include-embedding", "false", "Add the backbone embedding to each prediction.");

  /**
   * worker.file-roots, worker.fetch.* and worker.decode.max-pixels: the image fetching rule shared
   * with the trainer.
   */
  static final FetchSettings FETCH = FetchSettings.of("worker");

  static final Setting HTTP_PORT = HttpSettings.port("worker", 8081);

  public static List<Setting> all() {
    List<Setting> all =
        new ArrayList<>(
            List.of(
                MODEL,
                MODEL_NAME,
                DEVICE,
                GROUP,
                ID,
                DELIVERY,
                BATCH_SIZE,
                MAX_WAIT,
                FETCH_THREADS,
                INFERENCE_THREADS,
                MAX_IN_FLIGHT,
                COMMIT_INTERVAL,
                DRAIN_TIMEOUT,
                SESSION_TIMEOUT,
                TOP_K,
                PROBABILITIES,
                EMBEDDING,
                SHADOW_PERCENT));
    all.addAll(FETCH.all());
    all.add(HTTP_PORT);
    all.addAll(HttpSettings.all());
    return List.copyOf(all);
  }
}
