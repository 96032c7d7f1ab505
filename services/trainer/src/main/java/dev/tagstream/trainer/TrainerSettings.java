package dev.tagstream.trainer;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.HttpSettings;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.images.FetchSettings;
import dev.tagstream.model.artifact.ShippedBackbone;
import dev.tagstream.model.infer.Devices;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import dev.tagstream.model.loss.LossNames;
import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The trainer's settings and their parsing into a validated {@link TrainerConfig}. */
final class TrainerSettings {
  static final Setting HTTP_PORT = HttpSettings.port("trainer", 8083);
  static final Setting REGISTRY =
      Setting.of(
          "trainer.registry",
          null,
          "Model registry directory (one immutable directory per version). Unset: <data-dir>/registry.");
  static final Setting VOCABULARY =
      Setting.of(
          "trainer.vocabulary",
          null,
          "Vocabulary labels.json to train with. Unset: the current model's vocabulary (required before the first model).");
  static final Setting MODEL_NAME =
      Setting.of(
          "trainer.model-name",
          "tagger",
          "Model name: the key of its releases on the models topic.");
  static final Setting MIN_NEW =
      Setting.of(
          "trainer.min-new-confirmations",
          "200",
          "Retrain once this many confirmations arrived since the last training.");
  static final Setting MAX_INTERVAL =
      Setting.of(
          "trainer.max-interval",
          "30m",
          "Retrain when this long passed since the last training and at least trainer.min-any confirmations arrived.");
  static final Setting MIN_ANY =
      Setting.of(
          "trainer.min-any", "1", "New confirmations the time rule (trainer.max-interval) needs.");
  static final Setting MIN_INTERVAL =
      Setting.of(
          "trainer.min-interval",
          "1m",
          "Shortest pause between the end of one training attempt and the start of the next (also the retry delay).");
  static final Setting VALIDATION_PERCENT =
      Setting.of(
          "trainer.validation-percent",
          "10",
          "Percent of images held out for validation, chosen by a stable hash of the image id.");
  static final Setting MIN_IMPROVEMENT =
      Setting.of(
          "trainer.min-improvement",
          "0.0",
          "Promote a candidate only if its validation mAP exceeds the current model's by more than this.");
  static final Setting INITIAL_MIN_MAP =
      Setting.of(
          "trainer.initial-min-map",
          "0.0",
          "With no current model, promote the first candidate whose validation mAP exceeds this.");
  static final Setting GATE =
      Setting.of(
          "trainer.gate",
          ShadowPolicy.OFFLINE,
          "offline: promote on the held-out set alone. offline+shadow: a candidate that passes offline is announced CANDIDATE, scored in shadow by workers with worker.shadow-percent > 0, and promoted only if its online F1 is not worse than the current model's on the same images.");
  static final Setting SHADOW_MIN_JUDGED =
      Setting.of(
          "trainer.shadow.min-judged",
          "200",
          "Confirmations that must judge both the candidate's and the current model's prediction of the same image before the shadow gate decides.");
  static final Setting SHADOW_MARGIN =
      Setting.of(
          "trainer.shadow.margin",
          "0.0",
          "How far the candidate's online F1 may fall below the current model's and still be promoted.");
  static final Setting SHADOW_TIMEOUT =
      Setting.of(
          "trainer.shadow.timeout",
          "24h",
          "A candidate without trainer.shadow.min-judged judged confirmations this long after its announcement is rejected.");
  static final Setting FULL_EVERY =
      Setting.of(
          "trainer.full-every",
          "5",
          "Every Nth training fine-tunes the whole network; the others train the head on cached embeddings. 0: never.");
  static final Setting LOSS =
      Setting.of(
          "trainer.loss", LossNames.RETRAIN_DEFAULT, "Training loss: " + LossNames.names() + ".");
  static final Setting LOSS_PARAMS =
      Setting.of(
          "trainer.loss-params", "", "Loss parameters as k=v,k=v (e.g. wp=1,wn=0.5 for weighted).");
  static final Setting EPOCHS =
      Setting.of("trainer.epochs", "10", "Epochs per training (early stopping may end sooner).");
  static final Setting BATCH_SIZE = Setting.of("trainer.batch-size", "64", "Training batch size.");
  static final Setting PATIENCE =
      Setting.of(
          "trainer.patience",
          "3",
          "Early stopping: end a training after this many epochs without a validation mAP gain (0: off).");
  static final Setting LEARNING_RATE =
      Setting.of(
          "trainer.learning-rate",
          "0.002",
          "Peak learning rate of Adam when the whole network trains.");
  static final Setting HEAD_LEARNING_RATE =
      Setting.of(
          "trainer.head-learning-rate",
          String.valueOf(TrainingConfig.HEAD_ONLY_LEARNING_RATE),
          "Peak learning rate of Adam when only the head trains, on cached embeddings.");
  static final Setting EMBEDDING_CACHE =
      Setting.of(
          "trainer.embedding-cache",
          null,
          "File of cached backbone embeddings by image id and backbone version. Unset: <data-dir>/trainer/embeddings.bin.");
  static final Setting DEVICE =
      Setting.of("trainer.device", "auto", "Training device: auto, cpu or gpu.");
  static final Setting BACKBONE =
      Setting.of(
          "trainer.backbone",
          ShippedBackbone.NAME,
          "What the first model starts"
              + " from when none is promoted yet: shipped (the pretrained backbone in the jar, frozen, a head trained on its"
              + " embeddings; refused at start if it cannot be loaded) or scratch (random weights, the whole network trained).");

  /**
   * trainer.file-roots, trainer.fetch.* and trainer.decode.max-pixels: the trainer reads images by
   * the worker's rule, with its own values (the images a trainer may read are configured like a
   * worker's).
   */
  static final FetchSettings FETCH = FetchSettings.of("trainer");

  private TrainerSettings() {}

  static List<Setting> all() {
    List<Setting> all =
        new ArrayList<>(
            List.of(
                HTTP_PORT,
                REGISTRY,
                VOCABULARY,
                MODEL_NAME,
                MIN_NEW,
                MAX_INTERVAL,
                MIN_ANY,
                MIN_INTERVAL,
                VALIDATION_PERCENT,
                MIN_IMPROVEMENT,
                INITIAL_MIN_MAP,
                GATE,
                SHADOW_MIN_JUDGED,
                SHADOW_MARGIN,
                SHADOW_TIMEOUT,
                FULL_EVERY,
                LOSS,
                LOSS_PARAMS,
                EPOCHS,
                BATCH_SIZE,
                LEARNING_RATE,
                HEAD_LEARNING_RATE,
                PATIENCE,
                EMBEDDING_CACHE,
                DEVICE,
                BACKBONE));
    all.addAll(FETCH.all());
    all.addAll(HttpSettings.all());
    return List.copyOf(all);
  }

  private static boolean shadowGate(String v) {
    return switch (v.trim()) {
      case ShadowPolicy.OFFLINE -> false;
      case ShadowPolicy.OFFLINE_SHADOW -> true;
      default ->
          throw new ConfigException(
              "use " + ShadowPolicy.OFFLINE + " or " + ShadowPolicy.OFFLINE_SHADOW);
    };
  }

  private static String backbone(Settings s) {
    String b = s.string(BACKBONE);
    if (!b.equals(ShippedBackbone.NAME) && !b.equals(ShippedBackbone.SCRATCH)) {
      throw s.invalid(
          BACKBONE, "must be " + ShippedBackbone.NAME + " or " + ShippedBackbone.SCRATCH);
    }
    return b;
  }

  /** Parses and validates once, at start-up; every mistake names the setting. */
  static TrainerConfig read(KafkaConfig kafka, Settings s) {
    Path dataDir = kafka.dataDir();
    Path registry = s.isSet(REGISTRY) ? s.path(REGISTRY) : dataDir.resolve("registry");
    Path vocabulary = s.isSet(VOCABULARY) ? s.path(VOCABULARY) : null;
    if (vocabulary != null) {
      try {
        Vocabulary.load(vocabulary);
      } catch (VocabularyException e) {
        throw s.invalid(VOCABULARY, "cannot be used: " + e.getMessage());
      }
    }
    LossSpec loss;
    try {
      loss = LossSpec.parse(s.string(LOSS), s.list(LOSS_PARAMS));
      Losses.create(loss, 2); // fails fast on an unknown loss or parameter
    } catch (IllegalArgumentException e) {
      throw new ConfigException(LOSS.key() + "/" + LOSS_PARAMS.key() + ": " + e.getMessage(), e);
    }
    String device = s.string(DEVICE);
    if (!Devices.isValidName(device)) {
      throw s.invalid(DEVICE, "must be auto, cpu, gpu or gpu:N");
    }
    Path cache =
        s.isSet(EMBEDDING_CACHE)
            ? s.path(EMBEDDING_CACHE)
            : dataDir.resolve("trainer").resolve("embeddings.bin");
    if (Files.exists(registry) && !Files.isDirectory(registry)) {
      throw s.invalid(REGISTRY, "exists and is not a directory");
    }
    TriggerPolicy trigger =
        new TriggerPolicy(
            s.longValue(MIN_NEW, 1, Long.MAX_VALUE),
            s.longValue(MIN_ANY, 1, Long.MAX_VALUE),
            s.duration(MAX_INTERVAL, Duration.ofSeconds(1), Duration.ofDays(30)),
            s.duration(MIN_INTERVAL, Duration.ZERO, Duration.ofDays(1)));
    return new TrainerConfig(
        s.string(MODEL_NAME),
        registry,
        vocabulary,
        trigger,
        s.integer(VALIDATION_PERCENT, 1, 50),
        s.decimal(MIN_IMPROVEMENT, 0.0, 1.0),
        s.decimal(INITIAL_MIN_MAP, 0.0, 1.0),
        s.integer(FULL_EVERY, 0, 1_000_000),
        loss,
        s.integer(EPOCHS, 1, 10_000),
        s.integer(BATCH_SIZE, 1, 4096),
        s.decimal(LEARNING_RATE, 1e-9, 10.0),
        s.decimal(HEAD_LEARNING_RATE, 1e-9, 10.0),
        s.integer(PATIENCE, 0, 10_000),
        cache,
        device,
        backbone(s),
        FETCH.read(s),
        FETCH.maxPixels(s),
        HttpSettings.read(s, HTTP_PORT),
        new ShadowPolicy(
            s.parsed(GATE, TrainerSettings::shadowGate),
            s.longValue(SHADOW_MIN_JUDGED, 1, Long.MAX_VALUE),
            s.decimal(SHADOW_MARGIN, 0.0, 1.0),
            s.duration(SHADOW_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(365))));
  }
}
