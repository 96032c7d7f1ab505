package dev.tagstream.bench;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.model.artifact.ArtifactWriter;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ModelInfo;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tagstream pretrain emoji}: pretrains the built-in backbone on single-emoji classification
 * (the pretext of {@code bench losses}: half of the emoji, augmented views of their art) and writes
 * it as a model artifact. Its head is the pretext classifier; what it is for is its backbone:
 * {@code tagstream train --warm-start DIR} starts from it (with --head-only, only a new head is
 * trained, on cached embeddings).
 */
public final class PretrainCommand implements Command {
  static final Setting OUT = Setting.of("out", null, "Artifact directory to create.");
  static final Setting VENDORS = Setting.of("vendors", "google,twitter", "Emoji artwork vendors.");
  static final Setting ASSETS = BenchLossesCommand.ASSETS;
  static final Setting CACHE = BenchLossesCommand.CACHE;
  static final Setting INPUT = BenchLossesCommand.INPUT;
  static final Setting WIDTH = BenchLossesCommand.WIDTH;
  static final Setting STAGES = BenchLossesCommand.STAGES;
  static final Setting EPOCHS = Setting.of("epochs", "20", "Pretext classification epochs.");
  static final Setting VIEWS =
      Setting.of("views", "8", "Augmented views per emoji image per epoch.");
  static final Setting LR =
      Setting.of("lr", "0.003", "Peak learning rate (Adam, warm-up then cosine decay).");
  static final Setting SEED =
      Setting.of("seed", "7", "Random seed (initialisation, views, batch order).");
  static final Setting PRETEXT =
      Setting.of(
          "pretext",
          "scenes",
          "Pretext task: scenes (fresh multi-emoji scenes of the"
              + " pretext emoji, a sigmoid per class) or views (one emoji per image, softmax).");
  static final List<Setting> SETTINGS =
      List.of(OUT, VENDORS, ASSETS, CACHE, INPUT, WIDTH, STAGES, EPOCHS, VIEWS, LR, SEED, PRETEXT);

  @Override
  public String name() {
    return "pretrain emoji";
  }

  @Override
  public String summary() {
    return "Pretrain the built-in backbone on emoji art classification; writes an artifact for train --warm-start.";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help("tagstream pretrain emoji --out DIR [options]", summary(), SETTINGS));
      return 0;
    }
    Settings s = Settings.parse(SETTINGS, args);
    Path dir = s.path(OUT);
    if (Files.exists(dir)) {
      err.println("pretrain: " + dir + " exists; an artifact is never overwritten");
      return 1;
    }
    s.parsed(PRETEXT, PretextTask::parse); // fail before loading the art
    BackboneSpec spec =
        BackboneSpec.resnet(
                s.integer(INPUT, 16, 1024), s.integer(WIDTH, 16, 1024), 1, s.integer(STAGES, 1, 5))
            .requireTrainable();
    PretextSet set =
        PretextSet.load(s.list(VENDORS), s.isSet(ASSETS) ? s.path(ASSETS) : null, s.path(CACHE));
    ProgressBar progress = new ProgressBar(err, System.console() != null);
    try {
      Path tmp = Files.createTempDirectory("pretrain");
      PretextBackbone.Report r =
          new PretextBackbone(
                  spec,
                  s.parsed(PRETEXT, PretextTask::parse),
                  s.integer(EPOCHS, 1, 10_000),
                  s.integer(VIEWS, 1, 1000),
                  s.decimal(LR, 1e-6, 1),
                  s.integer(SEED, 0, Integer.MAX_VALUE))
              .train(
                  set,
                  tmp.resolve(TaggerNetwork.BACKBONE_PARAMS),
                  tmp.resolve(TaggerNetwork.HEAD_PARAMS),
                  progress);
      Vocabulary vocab =
          Vocabulary.of(set.classes().stream().map(c -> new LabelDef(c, List.of())).toList());
      ModelInfo info =
          new ModelInfo(
              ModelInfo.FORMAT,
              dir.getFileName().toString(),
              null,
              Instant.now().toString(),
              spec,
              spec.inputSize(),
              vocab.size(),
              vocab.hash(),
              LossSpec.of("an"),
              null,
              r.metrics(),
              Map.of(),
              0);
      float[] thresholds = new float[vocab.size()];
      Arrays.fill(
          thresholds,
          0.5f); // the pretext head is a softmax classifier: its sigmoid thresholds mean little
      ModelArtifact a =
          ArtifactWriter.write(
              dir,
              info,
              vocab,
              thresholds,
              List.of(TaggerNetwork.BACKBONE_PARAMS, TaggerNetwork.HEAD_PARAMS),
              target -> {
                Files.move(
                    tmp.resolve(TaggerNetwork.BACKBONE_PARAMS),
                    target.resolve(TaggerNetwork.BACKBONE_PARAMS));
                Files.move(
                    tmp.resolve(TaggerNetwork.HEAD_PARAMS),
                    target.resolve(TaggerNetwork.HEAD_PARAMS));
              });
      Files.deleteIfExists(tmp);
      out.printf(
          Locale.ROOT,
          "{\"artifact\":\"%s\",\"backbone\":\"%s\",\"classes\":%d,\"images\":%d,\"epochs\":%d,"
              + "\"pretext\":\"%s\",\"pretext_top1\":%.4f,\"pretext_scene_map\":%s,\"seconds\":%.1f}%n",
          a.dir(),
          spec.id(),
          r.classes(),
          r.images(),
          r.epochs(),
          r.pretext(),
          r.top1(),
          Double.isNaN(r.sceneMap()) ? "null" : String.format(Locale.ROOT, "%.4f", r.sceneMap()),
          r.seconds());
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
