package dev.tagstream.bench.worker;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.worker.WorkerSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagstream bench worker}: model, fetch+decode and end-to-end throughput of the worker, and
 * its latency.
 */
public final class BenchWorkerCommand implements Command {
  static final Setting IMAGES =
      Setting.of(
          "images",
          "1000",
          "Fewest images per timed part (more when --seconds needs more); also how many PNGs are generated without --dir.");
  static final Setting BATCH =
      Setting.of(
          "batch",
          WorkerSettings.BATCH_SIZE.defaultValue(),
          "Inference batch size B (default: the worker's own worker.batch-size default).");
  static final Setting MAX_WAIT = Setting.of("max-wait", "10ms", "The worker's worker.max-wait.");
  static final Setting LABELS =
      Setting.of("labels", "2000", "Labels of the synthetic model (ignored with --model).");
  static final Setting IMAGE_SIZE =
      Setting.of("image-size", "64", "Side in pixels of the generated PNGs.");
  static final Setting INPUT_SIZE =
      Setting.of(
          "input-size",
          "64",
          "Input side in pixels of the synthetic model (the default backbone's; ignored with --model).");
  static final Setting DIR =
      Setting.of(
          "dir", null, "Use the PNG/JPEG files of this directory instead of generated ones.");
  static final Setting MODEL =
      Setting.of(
          "model",
          null,
          "Model artifact directory; default: the default backbone with random weights and --labels labels.");
  static final Setting FETCH_THREADS =
      Setting.of(
          "fetch-threads",
          "0",
          "Fetch/decode threads of the worker and of part (b) (0: one per core, the worker's default).");
  static final Setting TORCH_THREADS =
      Setting.of(
          "torch-threads",
          "0",
          "libtorch intra-op threads of the worker and of part (a) (0: the worker's choice, as a worker started plainly).");
  static final Setting INFERENCE_THREADS =
      Setting.of(
          "inference-threads",
          "0",
          "The worker's worker.inference-threads; part (a) runs on as many threads at once (0: the worker's choice).");
  static final Setting SHADOW_PERCENTS =
      Setting.of(
          "shadow-percents",
          null,
          "Instead of the parts below: (d) end to end with a CANDIDATE shadowed at each of these worker.shadow-percent values (e.g. 0,10,100), one worker each, rounds interleaved.");
  static final Setting ROUNDS =
      Setting.of("rounds", "3", "Rounds of (a), (b), (d) in turn; medians are reported.");
  static final Setting SECONDS =
      Setting.of("seconds", "5", "About how long each timed part of a round lasts.");
  static final Setting LATENCY_SECONDS =
      Setting.of(
          "latency-seconds",
          "8",
          "Length of each paced run (at 50% and 90% of the measured capacity).");

  static final Setting PROCESSES =
      Setting.of(
          "processes",
          null,
          "Instead of the parts below: (f) end to end with the worker in each of these numbers of separate processes (e.g. 1,2), sharing the cores, for each --topic-partitions count; setups side by side, rounds interleaved.");
  static final Setting TOPIC_PARTITIONS =
      Setting.of(
          "topic-partitions",
          "1,2,6",
          "With --processes: the partition counts of the images topic to run each process count against.");

  /**
   * The Kafka flags given on this command line that every worker process of (f) gets as well (the
   * bench sets the bootstrap, topic prefix, partitions and data folder itself).
   */
  private static List<String> forwardedKafkaArgs(Settings s) {
    List<String> out = new ArrayList<>();
    for (Setting k : KafkaSettings.all()) {
      boolean ownedByBench =
          k.key().equals("bootstrap")
              || k.key().equals("topic-prefix")
              || k.key().equals("partitions")
              || k.key().equals("data-dir")
              || k.key().equals("broker-port");
      if (!ownedByBench && s.isGiven(k)) {
        out.add(k.flag());
        out.add(s.string(k));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String name() {
    return "bench worker";
  }

  @Override
  public String summary() {
    return "Measure the worker: model (a), fetch+decode (b), bound (c), end to end through Kafka (d), d/c, latency";
  }

  @Override
  public List<Setting> settings() {
    List<Setting> all =
        new ArrayList<>(
            List.of(
                IMAGES,
                BATCH,
                MAX_WAIT,
                LABELS,
                IMAGE_SIZE,
                INPUT_SIZE,
                DIR,
                MODEL,
                FETCH_THREADS,
                TORCH_THREADS,
                INFERENCE_THREADS,
                SHADOW_PERCENTS,
                PROCESSES,
                TOPIC_PARTITIONS,
                ROUNDS,
                SECONDS,
                LATENCY_SECONDS));
    all.addAll(KafkaSettings.all());
    return all;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream bench worker [options]", summary(), settings()));
      return 0;
    }
    WorkerBench.Options o;
    try {
      Settings s = Settings.parse(settings(), args);
      int threads = s.integer(FETCH_THREADS, 0, 256);
      o =
          new WorkerBench.Options(
              s.integer(IMAGES, 10, 10_000_000),
              s.integer(BATCH, 1, 4096),
              s.duration(MAX_WAIT, Duration.ZERO, Duration.ofMinutes(1)),
              s.integer(LABELS, 1, 1_000_000),
              s.integer(IMAGE_SIZE, 8, 4096),
              s.integer(INPUT_SIZE, 16, 1024),
              s.isSet(DIR) ? s.path(DIR) : null,
              s.isSet(MODEL) ? s.path(MODEL) : null,
              threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
              s.integer(TORCH_THREADS, 0, 256),
              s.integer(INFERENCE_THREADS, 0, 64),
              s.integer(ROUNDS, 1, 100),
              s.integer(SECONDS, 1, 3600),
              s.integer(LATENCY_SECONDS, 1, 3600),
              KafkaSettings.read(s),
              s.isSet(SHADOW_PERCENTS) ? s.integers(SHADOW_PERCENTS, 0, 100) : List.of(),
              s.isSet(PROCESSES) ? s.integers(PROCESSES, 1, 64) : List.of(),
              s.integers(TOPIC_PARTITIONS, 1, 1000),
              forwardedKafkaArgs(s));
      if (s.isSet(PROCESSES) && s.isSet(SHADOW_PERCENTS)) {
        throw s.invalid(
            PROCESSES, "cannot be combined with --shadow-percents (each is its own run)");
      }
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    new WorkerBench(o, out).run();
    return 0;
  }
}
