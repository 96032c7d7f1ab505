package dev.tagstream.bench.peers;

import dev.tagstream.bench.worker.BenchImages;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.model.artifact.Directories;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.StarterModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code tagstream bench peers}: tagstream's worker against a batched and a per-message Python
 * consumer.
 */
public final class BenchPeersCommand implements Command {
  static final Setting IMAGES =
      Setting.of(
          "images",
          "1000",
          "Fewest images per contestant and round (more when --seconds needs more); also how many PNGs are generated"
              + " without --dir.");
  static final Setting IMAGE_SIZE =
      Setting.of("image-size", "64", "Side in pixels of the generated PNGs.");
  static final Setting DIR =
      Setting.of("dir", null, "Use the PNG/JPEG files of this directory instead.");
  static final Setting MODEL =
      Setting.of(
          "model",
          null,
          "Model artifact directory with the built-in resnet backbone; default: the starter model in the jar.");
  static final Setting BATCH =
      Setting.of(
          "batch",
          null,
          "Batch size of tagstream and of the batched peer (default: the worker's worker.batch-size default).");
  static final Setting MAX_WAIT =
      Setting.of(
          "max-wait",
          null,
          "Longest wait for a batch to fill, both (default: the worker's worker.max-wait default).");
  static final Setting PEER_THREADS =
      Setting.of("peer-threads", "0", "torch.set_num_threads of the peers (0: one per core).");
  static final Setting ROUNDS =
      Setting.of("rounds", "3", "Rounds (each contestant once per round); medians reported.");
  static final Setting SECONDS =
      Setting.of("seconds", "5", "About how long each contestant's part of a round lasts.");
  static final Setting WARM_SECONDS =
      Setting.of(
          "warm-seconds",
          "15",
          "Each contestant is warmed up with untimed bursts for at least this long (a worker JVM of its"
              + " own is still compiling its hot paths after a few hundred images).");
  static final Setting PARTITIONS =
      Setting.of("partitions", "6", "Partitions of every contestant's topics.");
  static final Setting PYTHON =
      Setting.of(
          "python",
          PythonPeers.DEFAULT_PYTHON,
          "The interpreter of the peers (Debian's, with python3-torch, -confluent-kafka, -pil, -numpy, -avro).");
  static final List<Setting> SETTINGS =
      List.of(
          IMAGES,
          IMAGE_SIZE,
          DIR,
          MODEL,
          BATCH,
          MAX_WAIT,
          PEER_THREADS,
          ROUNDS,
          SECONDS,
          WARM_SECONDS,
          PARTITIONS,
          PYTHON);

  @Override
  public String name() {
    return "bench peers";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public String summary() {
    return "Measure the worker against a batched and a per-message Python consumer on the same broker and model";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream bench peers [options]", summary(), SETTINGS));
      return 0;
    }
    PeersBench.Options o;
    try {
      Settings s = Settings.parse(SETTINGS, args);
      Path root =
          s.isSet(DIR)
              ? s.path(DIR).toAbsolutePath()
              : Files.createTempDirectory("tagstream-bench-images-");
      List<Path> files =
          s.isSet(DIR)
              ? BenchImages.list(root)
              : BenchImages.generate(
                  root, s.integer(IMAGES, 10, 10_000_000), s.integer(IMAGE_SIZE, 8, 4096));
      int threads = s.integer(PEER_THREADS, 0, 256);
      o =
          new PeersBench.Options(
              s.isSet(MODEL) ? ModelArtifact.load(s.path(MODEL)) : StarterModel.load(),
              files,
              root,
              s.isSet(BATCH) ? s.integer(BATCH, 1, 4096) : null,
              s.isSet(MAX_WAIT) ? s.duration(MAX_WAIT, Duration.ZERO, Duration.ofMinutes(1)) : null,
              threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
              s.integer(ROUNDS, 1, 100),
              s.integer(SECONDS, 1, 3600),
              s.integer(WARM_SECONDS, 0, 3600),
              s.integer(IMAGES, 10, 10_000_000),
              s.string(PYTHON),
              s.integer(PARTITIONS, 1, 1000),
              !s.isSet(DIR));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    try {
      new PeersBench(o, out).run();
    } finally {
      if (o.generated()) {
        Directories.deleteQuietly(o.fileRoot());
      }
    }
    return 0;
  }
}
