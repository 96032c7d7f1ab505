package dev.tagstream.bench.tools;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ArtifactJson;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.data.ManifestException;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.Backbones;
import dev.tagstream.model.train.ModelTrainer;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TrainingConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code tagstream train}: trains from manifests and writes a versioned artifact directory (--out).
 */
public final class TrainCommand implements Command {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "Train a model from manifests with a partial-label loss; writes an artifact.";
  }

  @Override
  public List<Setting> settings() {
    return TrainSettings.all();
  }

  /** Exit 0 trained, 2 a configuration mistake (before anything loads), 1 bad data or artifacts. */
  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help(
              "tagstream train --train A.jsonl --val B.jsonl --labels labels.json --out DIR"
                  + " [options]",
              summary(),
              settings()));
      return 0;
    }
    TrainSettings.Options o = TrainSettings.read(Settings.parse(settings(), args));
    try {
      Vocabulary vocab = Vocabulary.load(o.labels());
      LossSpec loss = LossSpec.parse(o.loss(), o.lossParams());
      Losses.create(loss, vocab.size()); // a bad name or parameter fails before images are decoded
      List<ManifestEntry> train = Manifest.read(o.train());
      List<ManifestEntry> val = Manifest.read(o.val());
      ModelArtifact warm =
          o.warmStart() != null
              ? ModelArtifact.load(o.warmStart())
              : o.backboneFile() != null ? null : ShippedBackbone.resolve(o.backbone());
      BackboneSpec backbone =
          o.backboneFile() != null
              ? Backbones.describeTorchScript(o.backboneFile(), o.inputSize())
              : BackboneSpec.resnet(o.inputSize(), o.width(), o.depth(), o.stages());
      TrainingConfig cfg = o.config().loss(loss).backbone(backbone).build();
      err.printf(
          "training %d images (val %d), %d labels, loss %s, backbone %s%n",
          train.size(),
          val.size(),
          vocab.size(),
          loss,
          warm != null
              ? warm.info().backbone().id() + " from " + warm.dir()
              : o.backboneFile() != null
                  ? o.backboneFile().toString()
                  : cfg.backbone().id() + " from scratch");
      ModelArtifact a =
          new ModelTrainer(cfg, ProgressBar.stderr(), o.backboneFile())
              .train(train, val, vocab, warm, o.out(), o.version());
      int unreadable = a.info().training().unreadableImages();
      if (unreadable > 0) {
        err.printf("left out %d unreadable images (missing or not decodable)%n", unreadable);
      }
      out.println(
          ArtifactJson.MAPPER.writeValueAsString(
              Map.of(
                  "artifact",
                  a.dir().toString(),
                  "version",
                  a.info().version(),
                  "unreadableImages",
                  unreadable,
                  "validation",
                  a.info().metrics())));
      return 0;
    } catch (ManifestException
        | VocabularyException
        | ArtifactException
        | IllegalArgumentException e) {
      err.println("tagstream train: " + e.getMessage());
      return 1;
    }
  }
}
