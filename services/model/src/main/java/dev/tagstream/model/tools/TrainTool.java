package dev.tagstream.model.tools;

import dev.tagstream.model.artifact.ArtifactException;
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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `tagstream train`: trains from manifests and writes a versioned artifact directory (--out). */
public final class TrainTool {
  static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("train", "training manifest (JSON Lines), required");
    FLAGS.put("val", "validation manifest, required (early stopping, thresholds)");
    FLAGS.put("labels", "vocabulary labels.json, required");
    FLAGS.put("out", "artifact version directory to create, required");
    FLAGS.put("loss", "one of " + Losses.names() + " (default " + Losses.DEFAULT + ")");
    FLAGS.put("loss-param", "k=v loss parameter, repeatable");
    FLAGS.put("epochs", "epochs (default 10)");
    FLAGS.put("batch-size", "batch size (default 64)");
    FLAGS.put("lr", "peak learning rate of Adam (default 0.002; 0.02 with --head-only)");
    FLAGS.put("warmup-epochs", "linear warm-up before cosine decay (default 1)");
    FLAGS.put("weight-decay", "Adam weight decay (default 1e-4)");
    FLAGS.put("seed", "random seed (default 42)");
    FLAGS.put("patience", "early-stopping patience in epochs, 0 = off (default 3)");
    FLAGS.put("input-size", "backbone input side in px (default 64)");
    FLAGS.put("width", "backbone first-stage width, a multiple of 16 (default 32)");
    FLAGS.put("depth", "residual blocks per stage (default 1)");
    FLAGS.put("stages", "backbone stages (default 3)");
    FLAGS.put("backbone-file", "TorchScript backbone ([N,3,S,S] -> [N,D], S = --input-size) instead of the built-in"
        + " one: frozen with --head-only, fine-tuned otherwise");
    FLAGS.put("backbone", "shipped (the pretrained backbone in the jar, see its MODEL-CARD.md) or scratch (random"
        + " init, shaped by --input-size/--width/--depth/--stages); default shipped unless --warm-start or"
        + " --backbone-file gives one");
    FLAGS.put("no-augment!", "disable flip/crop/colour augmentation");
    FLAGS.put("head-only!", "train only the head on cached backbone embeddings");
    FLAGS.put("warm-start", "artifact directory to start from (backbone, and head if labels match)");
    FLAGS.put("embedding-cache", "file for cached embeddings (head-only)");
    FLAGS.put("checkpoint-dir", "directory for per-epoch checkpoints; an existing one is resumed");
    FLAGS.put("device", "auto | cpu | gpu (default auto)");
    FLAGS.put("version", "version name written to model.json (default: directory name)");
  }

  private TrainTool() {}

  /** --backbone: the shipped artifact (default), or null for scratch; shape flags only make sense with scratch. */
  private static ModelArtifact shippedOrScratch(Flags f) {
    String choice = f.get("backbone", ShippedBackbone.NAME);
    if (!choice.equals(ShippedBackbone.NAME) && !choice.equals(ShippedBackbone.SCRATCH)) {
      throw new Flags.UsageException("--backbone must be " + ShippedBackbone.NAME + " or " + ShippedBackbone.SCRATCH
          + ", got '" + choice + "'");
    }
    if (choice.equals(ShippedBackbone.NAME)) {
      for (String shape : List.of("width", "depth", "stages", "input-size")) {
        if (f.has(shape)) {
          throw new Flags.UsageException("--" + shape + " shapes a backbone trained from scratch; the shipped one is"
              + " fixed. Add --backbone scratch, or drop --" + shape);
        }
      }
    }
    return ShippedBackbone.resolve(choice);
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (Flags.wantsHelp(args)) {
      out.print(new Flags(FLAGS, new String[0]).usage("train"));
      return 0;
    }
    try {
      Flags f = new Flags(FLAGS, args);
      Vocabulary vocab = Vocabulary.load(f.existingFile("labels"));
      List<ManifestEntry> train = Manifest.read(f.existingFile("train"));
      List<ManifestEntry> val = Manifest.read(f.existingFile("val"));
      Path outDir = Path.of(f.required("out"));
      LossSpec loss = LossSpec.parse(f.get("loss", Losses.DEFAULT), f.all("loss-param"));
      Losses.create(loss, vocab.size()); // fail fast on a bad name or parameter, before decoding images
      Path backboneFile = f.has("backbone-file") ? f.existingFile("backbone-file") : null;
      if (f.has("warm-start") && backboneFile != null) {
        throw new Flags.UsageException("--warm-start and --backbone-file both give the backbone; pass one");
      }
      if (f.has("backbone") && (f.has("warm-start") || backboneFile != null)) {
        throw new Flags.UsageException("--backbone and --" + (backboneFile != null ? "backbone-file" : "warm-start")
            + " both give the backbone; pass one");
      }
      ModelArtifact warm = f.has("warm-start") ? ModelArtifact.load(f.existingFile("warm-start"))
          : backboneFile != null ? null : shippedOrScratch(f);
      BackboneSpec backbone = backboneFile != null
          ? Backbones.describeTorchScript(backboneFile, f.integer("input-size", 64))
          : BackboneSpec.resnet(f.integer("input-size", 64), f.integer("width", 32), f.integer("depth", 1),
              f.integer("stages", 3));
      TrainingConfig d = TrainingConfig.defaults(loss);
      TrainingConfig cfg = d.toBuilder()
          .epochs(f.integer("epochs", d.epochs()))
          .batchSize(f.integer("batch-size", d.batchSize()))
          .learningRate(f.number("lr", f.bool("head-only") ? TrainingConfig.HEAD_ONLY_LEARNING_RATE : d.learningRate()))
          .warmupEpochs(f.number("warmup-epochs", d.warmupEpochs()))
          .weightDecay(f.number("weight-decay", d.weightDecay()))
          .seed(f.integer("seed", (int) d.seed()))
          .backbone(backbone)
          .augment(!f.bool("no-augment"))
          .patience(f.integer("patience", d.patience()))
          .headOnly(f.bool("head-only"), f.has("embedding-cache") ? Path.of(f.get("embedding-cache", null)) : null)
          .checkpointDir(f.has("checkpoint-dir") ? Path.of(f.get("checkpoint-dir", null)) : null)
          .device(f.get("device", "auto"))
          .build();
      String version = f.get("version", outDir.getFileName().toString());
      err.printf("training %d images (val %d), %d labels, loss %s, backbone %s%n", train.size(), val.size(),
          vocab.size(), loss, warm != null ? warm.info().backbone().id() + " from " + warm.dir()
              : backboneFile != null ? backboneFile.toString() : cfg.backbone().id() + " from scratch");
      ModelArtifact a = new ModelTrainer(cfg, ProgressBar.stderr(), backboneFile).train(train, val, vocab, warm, outDir, version);
      int unreadable = a.info().training().unreadableImages();
      if (unreadable > 0) {
        err.printf("left out %d unreadable images (missing or not decodable)%n", unreadable);
      }
      out.println(dev.tagstream.model.artifact.ArtifactJson.MAPPER.writeValueAsString(Map.of("artifact",
          a.dir().toString(), "version", a.info().version(), "unreadableImages", unreadable,
          "validation", a.info().metrics())));
      return 0;
    } catch (Flags.UsageException e) {
      err.println("train: " + e.getMessage());
      err.print(new Flags(FLAGS, new String[0]).usage("train"));
      return 2;
    } catch (ManifestException | VocabularyException | ArtifactException | IllegalArgumentException e) {
      err.println("train: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("train: failed: " + e);
      return 1;
    }
  }
}
