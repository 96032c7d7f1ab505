package dev.tagstream.bench;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.datasets.EmojiAssets;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.train.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * {@code tagstream bench losses}: every partial-label loss x regime on one frozen backbone; writes
 * losses.md/.json.
 */
public final class BenchLossesCommand implements Command {
  static final Setting DATA =
      Setting.of(
          "data",
          null,
          "EmojiScenes folder built with --observed full (labels.json, train/val/test.jsonl).");
  static final Setting OUT =
      Setting.of("out", "bench/results", "Where losses.md and losses.json are written.");
  static final Setting WORK =
      Setting.of(
          "work",
          null,
          "Cache folder for the pretrained backbone and scene embeddings (default: <data>/bench-cache).");
  static final Setting SEEDS =
      Setting.of("seeds", "2", "Seeds 1..N (observed-label draw, head init, batch order).");
  static final Setting REGIMES =
      Setting.of(
          "regimes", "single,partial:0.3,salient", "Observation regimes of train/val labels.");
  static final Setting METHODS =
      Setting.of(
          "methods",
          "full,an,weighted,wan,ignore,asl,hill,em,ll-r,ll-ct,pu,st,knn,hs",
          "Methods to run (full = upper bound, st = self-training, knn = neighbour labels, hs = hierarchy smoothing).");
  static final Setting LRS =
      Setting.of(
          "lrs",
          "0.07,0.25",
          "Learning-rate grid of every method (at 40,000 scenes and"
              + " batch 256, selection picked both and never 0.02).");
  static final Setting EPOCHS =
      Setting.of("epochs", "8", "Head training epochs (same for every method).");
  static final Setting BATCH = Setting.of("batch", "256", "Head batch size.");
  static final Setting WEIGHT_DECAY =
      Setting.of("weight-decay", "0.0001", "Adam weight decay of the head.");
  static final Setting INPUT = Setting.of("input-size", "64", "Backbone input side in pixels.");
  static final Setting WIDTH = Setting.of("width", "32", "Backbone width of the first stage.");
  static final Setting STAGES =
      Setting.of("stages", "4", "Backbone stages (embedding = width * 2^(stages-1)).");
  static final Setting PRETEXT_EPOCHS =
      Setting.of("pretext-epochs", "6", "Pretext classification epochs.");
  static final Setting PRETEXT_VIEWS =
      Setting.of("pretext-views", "4", "Augmented views per pretext image per epoch.");
  static final Setting PRETEXT_LR =
      Setting.of("pretext-lr", "0.003", "Pretext peak learning rate.");
  static final Setting ASSETS = EmojiAssets.ASSETS;
  static final Setting CACHE = EmojiAssets.CACHE;
  static final Setting VAL_LABELS =
      Setting.of(
          "val-labels",
          "observed",
          "Validation labels that select hyperparameters: observed (as the regime reveals them, like production) or full.");
  static final Setting PRETRAINED =
      Setting.of(
          "pretrained",
          ShippedBackbone.NAME,
          "Backbone: shipped (the pretrained"
              + " backbone in the jar), an artifact directory written by tagstream pretrain emoji, or none (run a small views"
              + " pretext here, shaped by --input-size/--width/--stages/--pretext-*, which are ignored otherwise).");
  static final List<Setting> SETTINGS =
      List.of(
          DATA,
          OUT,
          WORK,
          SEEDS,
          REGIMES,
          METHODS,
          LRS,
          EPOCHS,
          BATCH,
          WEIGHT_DECAY,
          INPUT,
          WIDTH,
          STAGES,
          PRETEXT_EPOCHS,
          PRETEXT_VIEWS,
          PRETEXT_LR,
          ASSETS,
          CACHE,
          VAL_LABELS,
          PRETRAINED);

  @Override
  public String name() {
    return "bench losses";
  }

  @Override
  public String summary() {
    return "Benchmark the partial-label losses (single / partial labels vs the full-label upper bound) on EmojiScenes.";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help(
              "tagstream bench losses --data DIR [--out bench/results] [options]",
              summary(),
              SETTINGS));
      return 0;
    }
    BenchConfig cfg = config(Settings.parse(SETTINGS, args));
    String command = "tagstream bench losses " + String.join(" ", args);
    BenchReport report =
        new LossBenchmark(cfg, new ProgressBar(err, System.console() != null), err).run(command);
    try {
      Files.createDirectories(cfg.out());
      Files.writeString(
          cfg.out().resolve("losses.md"), ResultTable.markdown(report), StandardCharsets.UTF_8);
      ResultJson.write(report, cfg.out().resolve("losses.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println("wrote " + cfg.out().resolve("losses.md") + " and losses.json");
    for (String regime : cfg.regimes()) {
      out.println(regime + ": " + ResultTable.target(ResultTable.rows(report, regime)));
    }
    return 0;
  }

  static BenchConfig config(Settings s) {
    Path data = s.path(DATA);
    List<Double> lrs = new ArrayList<>();
    for (String v : s.list(LRS)) {
      try {
        lrs.add(Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--lrs: '" + v + "' is not a number");
      }
    }
    int seeds = s.integer(SEEDS, 1, 100);
    return new BenchConfig(
        data,
        s.path(OUT),
        s.isSet(WORK) ? s.path(WORK) : data.resolve("bench-cache"),
        LongStream.rangeClosed(1, seeds).boxed().toList(),
        s.list(REGIMES),
        s.list(METHODS),
        lrs,
        s.integer(EPOCHS, 1, 10_000),
        s.integer(BATCH, 1, 100_000),
        s.decimal(WEIGHT_DECAY, 0, 1),
        BackboneSpec.resnet(
            s.integer(INPUT, 16, 1024), s.integer(WIDTH, 4, 1024), 1, s.integer(STAGES, 1, 5)),
        s.integer(PRETEXT_EPOCHS, 1, 1000),
        s.integer(PRETEXT_VIEWS, 1, 1000),
        s.decimal(PRETEXT_LR, 1e-6, 1),
        s.isSet(ASSETS) ? s.path(ASSETS) : null,
        s.path(CACHE),
        valLabels(s.string(VAL_LABELS)),
        pretrained(s));
  }

  private static Path pretrained(Settings s) {
    String v = s.string(PRETRAINED);
    return v.equals(ShippedBackbone.NAME)
        ? ShippedBackbone.load().dir()
        : v.equals("none") ? null : s.path(PRETRAINED);
  }

  private static boolean valLabels(String v) {
    return switch (v) {
      case "observed" -> false;
      case "full" -> true;
      default -> throw new IllegalArgumentException("--val-labels " + v + ": use observed or full");
    };
  }
}
