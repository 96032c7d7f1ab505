package dev.tagstream.datasets;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.model.train.ProgressBar;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code tagstream dataset emoji-scenes}: builds an EmojiScenes dataset from real emoji artwork.
 */
public final class EmojiScenesCommand implements Command {
  static final Setting VENDORS =
      Setting.of(
          "vendors",
          "google,twitter",
          "Emoji artwork vendors (google: Noto, Apache-2.0; twitter: Twemoji, CC-BY-4.0; apple, facebook: see their licences).");
  static final Setting OUT =
      Setting.of("out", null, "Output folder (labels.json, train/val/test.jsonl, images/).");
  static final Setting TRAIN = Setting.of("train", "4000", "Training scenes.");
  static final Setting VAL = Setting.of("val", "500", "Validation scenes.");
  static final Setting TEST = Setting.of("test", "1000", "Test scenes (always with full labels).");
  static final Setting SEED =
      Setting.of("seed", "1", "Random seed; the same seed gives the same dataset.");
  static final Setting OBSERVED =
      Setting.of(
          "observed",
          "single",
          "Labels revealed in train/val manifests: full, single (one positive), partial:P (each with probability P).");
  static final Setting SIZE =
      Setting.of(
          "size", String.valueOf(SceneRenderer.DEFAULT_SIZE), "Scene width and height in pixels.");
  static final Setting ASSETS = EmojiAssets.ASSETS;
  static final Setting CACHE = EmojiAssets.CACHE;
  static final List<Setting> SETTINGS =
      List.of(VENDORS, OUT, TRAIN, VAL, TEST, SEED, OBSERVED, SIZE, ASSETS, CACHE);

  @Override
  public String name() {
    return "dataset emoji-scenes";
  }

  @Override
  public String summary() {
    return "Build EmojiScenes: multi-label scenes of real emoji art, ~2,000 labels in a 3-level hierarchy.";
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
              "tagstream dataset emoji-scenes --out DIR [options]", summary(), SETTINGS));
      return 0;
    }
    Settings s = Settings.parse(SETTINGS, args);
    EmojiScenesConfig cfg =
        new EmojiScenesConfig(
            s.list(VENDORS),
            s.path(OUT),
            s.integer(TRAIN, 0, 10_000_000),
            s.integer(VAL, 0, 10_000_000),
            s.integer(TEST, 0, 10_000_000),
            s.longValue(SEED, Long.MIN_VALUE, Long.MAX_VALUE),
            s.parsed(OBSERVED, ObservedLabels::parse),
            s.integer(SIZE, 32, 1024),
            s.isSet(ASSETS) ? s.path(ASSETS) : null,
            s.path(CACHE));
    var summary =
        new EmojiScenesBuilder(cfg, new ProgressBar(err, System.console() != null)).build();
    out.printf(
        "wrote %s: %d labels, images %s%n",
        cfg.out().toAbsolutePath(), summary.labels(), summary.images());
    return 0;
  }
}
