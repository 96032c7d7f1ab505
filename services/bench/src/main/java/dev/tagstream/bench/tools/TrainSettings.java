package dev.tagstream.bench.tools;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.loss.LossNames;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The options of {@code tagstream train}; defaults are those of {@link TrainingConfig}, so help
 * shows the truth.
 */
final class TrainSettings {
  private TrainSettings() {}

  private static final TrainingConfig D = TrainingConfig.defaults(LossSpec.of(LossNames.DEFAULT));

  static final Setting TRAIN =
      Setting.of("train", null, "Training manifest (JSON Lines). Required.");
  static final Setting VAL =
      Setting.of("val", null, "Validation manifest (early stopping, thresholds). Required.");
  static final Setting LABELS = Setting.of("labels", null, "Vocabulary labels.json. Required.");
  static final Setting OUT =
      Setting.of(
          "out",
          null,
          "Artifact version directory to create; it must not exist (an artifact is never overwritten). Required.");
  static final Setting LOSS =
      Setting.of("loss", LossNames.DEFAULT, "Loss: one of " + LossNames.names() + ".");
  static final Setting LOSS_PARAM =
      Setting.repeatable("loss-param", "Loss parameter k=v; repeat or comma-separate.");
  static final Setting EPOCHS = Setting.of("epochs", String.valueOf(D.epochs()), "Epochs.");
  static final Setting BATCH_SIZE =
      Setting.of("batch-size", String.valueOf(D.batchSize()), "Batch size.");
  static final Setting LR =
      Setting.of(
          "lr",
          null,
          "Peak learning rate of Adam. Unset: "
              + D.learningRate()
              + ", or "
              + TrainingConfig.HEAD_ONLY_LEARNING_RATE
              + " with --head-only.");
  static final Setting WARMUP =
      Setting.of(
          "warmup-epochs",
          String.valueOf(D.warmupEpochs()),
          "Linear warm-up before cosine decay, in epochs.");
  static final Setting WEIGHT_DECAY =
      Setting.of("weight-decay", String.valueOf(D.weightDecay()), "Adam weight decay.");
  static final Setting SEED = Setting.of("seed", String.valueOf(D.seed()), "Random seed.");
  static final Setting PATIENCE =
      Setting.of(
          "patience",
          String.valueOf(D.patience()),
          "Early-stopping patience in epochs; 0 turns it off.");
  static final Setting INPUT_SIZE =
      Setting.of(
          "input-size",
          "64",
          "Backbone input side in px (--backbone scratch or" + " --backbone-file).");
  static final Setting WIDTH =
      Setting.of("width", "32", "Backbone first-stage width, a multiple of 16 (scratch).");
  static final Setting DEPTH = Setting.of("depth", "1", "Residual blocks per stage (scratch).");
  static final Setting STAGES = Setting.of("stages", "3", "Backbone stages (scratch).");
  static final Setting BACKBONE_FILE =
      Setting.of(
          "backbone-file",
          null,
          "TorchScript backbone ([N,3,S,S] -> [N,D],"
              + " S = --input-size) instead of the built-in one: frozen with --head-only, fine-tuned otherwise.");
  static final Setting BACKBONE =
      Setting.of(
          "backbone",
          null,
          ShippedBackbone.NAME
              + " (the pretrained backbone in"
              + " the jar, see its MODEL-CARD.md) or "
              + ShippedBackbone.SCRATCH
              + " (random init, shaped by --input-size,"
              + " --width, --depth, --stages). Unset: "
              + ShippedBackbone.NAME
              + ", unless --warm-start or --backbone-file"
              + " gives one.");
  static final Setting NO_AUGMENT =
      Setting.of("no-augment", "false", "Turn off flip/crop/colour augmentation.");
  static final Setting HEAD_ONLY =
      Setting.of("head-only", "false", "Train only the head, on cached backbone embeddings.");
  static final Setting WARM_START =
      Setting.of(
          "warm-start",
          null,
          "Artifact directory to start from (backbone, and head if the labels match).");
  static final Setting EMBEDDING_CACHE =
      Setting.of("embedding-cache", null, "File for cached embeddings (head-only).");
  static final Setting CHECKPOINT_DIR =
      Setting.of(
          "checkpoint-dir",
          null,
          "Directory for per-epoch checkpoints; an existing one is resumed.");
  static final Setting DEVICE = Setting.of("device", "auto", "auto, cpu, gpu or gpu:N.");
  static final Setting VERSION =
      Setting.of(
          "version",
          null,
          "Version name written to model.json. Unset: the name of" + " the --out directory.");

  static List<Setting> all() {
    return List.of(
        TRAIN,
        VAL,
        LABELS,
        OUT,
        LOSS,
        LOSS_PARAM,
        EPOCHS,
        BATCH_SIZE,
        LR,
        WARMUP,
        WEIGHT_DECAY,
        SEED,
        PATIENCE,
        INPUT_SIZE,
        WIDTH,
        DEPTH,
        STAGES,
        BACKBONE_FILE,
        BACKBONE,
        NO_AUGMENT,
        HEAD_ONLY,
        WARM_START,
        EMBEDDING_CACHE,
        CHECKPOINT_DIR,
        DEVICE,
        VERSION);
  }

  /**
   * Every option of one run, read and checked before anything is loaded: inputs exist, the output
   * does not, numbers are in range, one source of backbone weights. Loading (manifests, vocabulary,
   * artifacts) comes after.
   */
  record Options(
      Path train,
      Path val,
      Path labels,
      Path out,
      String version,
      String loss,
      List<String> lossParams,
      Path backboneFile,
      Path warmStart,
      String backbone,
      int inputSize,
      int width,
      int depth,
      int stages,
      TrainingConfig.Builder config) {}

  static Options read(Settings s) {
    Path train = s.existingPath(TRAIN);
    Path val = s.existingPath(VAL);
    Path labels = s.existingPath(LABELS);
    Path out = s.newPath(OUT);
    Path backboneFile = s.isSet(BACKBONE_FILE) ? s.existingPath(BACKBONE_FILE) : null;
    Path warmStart = s.isSet(WARM_START) ? s.existingPath(WARM_START) : null;
    if (warmStart != null && backboneFile != null) {
      throw new ConfigException(
          "--warm-start and --backbone-file both give the backbone; pass one");
    }
    if (s.isGiven(BACKBONE) && (warmStart != null || backboneFile != null)) {
      throw new ConfigException(
          "--backbone and --"
              + (backboneFile != null ? "backbone-file" : "warm-start")
              + " both give the backbone; pass one");
    }
    String backbone =
        s.isSet(BACKBONE) ? s.parsed(BACKBONE, TrainSettings::backbone) : ShippedBackbone.NAME;
    if (backboneFile == null && warmStart == null && backbone.equals(ShippedBackbone.NAME)) {
      for (Setting shape : List.of(WIDTH, DEPTH, STAGES, INPUT_SIZE)) {
        if (s.isGiven(shape)) {
          throw new ConfigException(
              shape.flag()
                  + " shapes a backbone trained from scratch; the shipped one is"
                  + " fixed. Add --backbone scratch, or drop "
                  + shape.flag());
        }
      }
    }
    boolean headOnly = s.bool(HEAD_ONLY);
    TrainingConfig.Builder config =
        D.toBuilder()
            .epochs(s.integer(EPOCHS, 1, 100_000))
            .batchSize(s.integer(BATCH_SIZE, 1, 65_536))
            .learningRate(
                s.isSet(LR)
                    ? s.decimal(LR, 1e-9, 10)
                    : headOnly ? TrainingConfig.HEAD_ONLY_LEARNING_RATE : D.learningRate())
            .warmupEpochs(s.decimal(WARMUP, 0, 100_000))
            .weightDecay(s.decimal(WEIGHT_DECAY, 0, 1))
            .seed(s.longValue(SEED, 0, Long.MAX_VALUE))
            .augment(!s.bool(NO_AUGMENT))
            .patience(s.integer(PATIENCE, 0, 100_000))
            .headOnly(headOnly, s.isSet(EMBEDDING_CACHE) ? s.path(EMBEDDING_CACHE) : null)
            .checkpointDir(s.isSet(CHECKPOINT_DIR) ? s.path(CHECKPOINT_DIR) : null)
            .device(s.parsed(DEVICE, TrainSettings::device));
    String version = s.isSet(VERSION) ? s.string(VERSION) : out.getFileName().toString();
    return new Options(
        train,
        val,
        labels,
        out,
        version,
        s.parsed(LOSS, TrainSettings::loss),
        s.list(LOSS_PARAM),
        backboneFile,
        warmStart,
        backbone,
        s.integer(INPUT_SIZE, 8, 4096),
        s.integer(WIDTH, 16, 4096),
        s.integer(DEPTH, 1, 64),
        s.integer(STAGES, 1, 8),
        config);
  }

  /** A loss name, checked before any data is read (its parameters are checked when it is built). */
  private static String loss(String name) {
    if (!LossNames.names().contains(name)) {
      throw new IllegalArgumentException("use one of " + LossNames.names());
    }
    return name;
  }

  private static String backbone(String choice) {
    if (!choice.equals(ShippedBackbone.NAME) && !choice.equals(ShippedBackbone.SCRATCH)) {
      throw new IllegalArgumentException(
          "use " + ShippedBackbone.NAME + " or " + ShippedBackbone.SCRATCH);
    }
    return choice;
  }

  /** A device name, checked without starting the engine. */
  static String device(String name) {
    if (!Devices.isValidName(name)) {
      throw new IllegalArgumentException("use auto, cpu, gpu or gpu:N");
    }
    return name;
  }
}
