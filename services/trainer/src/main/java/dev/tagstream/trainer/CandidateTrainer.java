package dev.tagstream.trainer;

import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.train.ModelTrainer;
import dev.tagstream.model.train.ProgressBar;
import dev.tagstream.model.train.TrainingConfig;
import java.nio.file.Path;

/**
 * Trains one candidate with the model module: head-only on cached backbone embeddings (the
 * embedding cache is keyed by image id and backbone version, so images embedded before are neither
 * fetched nor decoded again), or a full fine-tune (augmented, end to end). Both warm-start from the
 * current model when there is one.
 */
final class CandidateTrainer {
  /** How much of the network a training updates. */
  enum Mode {
    HEAD_ONLY,
    FULL;

    String label() {
      return this == FULL ? "full fine-tune" : "head-only";
    }
  }

  private final TrainerConfig cfg;

  CandidateTrainer(TrainerConfig cfg) {
    this.cfg = cfg;
  }

  /**
   * Full when there is nothing to warm-start from (a random backbone is not worth caching) or on
   * every {@code fullEvery}-th training; head-only otherwise. {@code trainingNumber} counts from 1.
   */
  Mode modeFor(boolean hasWarmStart, long trainingNumber) {
    if (!hasWarmStart) {
      return Mode.FULL;
    }
    return cfg.fullEvery() > 0 && trainingNumber % cfg.fullEvery() == 0
        ? Mode.FULL
        : Mode.HEAD_ONLY;
  }

  TrainingConfig trainingConfig(Mode mode) {
    boolean full = mode == Mode.FULL;
    // Head-only sees fixed embeddings: augmentation would need a decode, which is what the cache
    // avoids.
    return TrainingConfig.builder(cfg.loss())
        .epochs(cfg.epochs())
        .batchSize(cfg.batchSize())
        .learningRate(full ? cfg.learningRate() : cfg.headLearningRate())
        .augment(full)
        .patience(cfg.patience())
        .headOnly(!full, full ? null : cfg.embeddingCache())
        .device(cfg.device())
        .build();
  }

  /**
   * Writes the version directory atomically (the model module's ArtifactWriter); a crash leaves no
   * version. Images the source cannot read are left out and counted in the artifact's training
   * summary.
   */
  ModelArtifact train(
      ValidationSplit.Sets sets,
      Vocabulary vocab,
      ModelArtifact warmStart,
      Mode mode,
      Path out,
      String version,
      ImageSource images) {
    return new ModelTrainer(trainingConfig(mode), ProgressBar.silent(), null, images)
        .train(sets.train(), sets.validation(), vocab, warmStart, out, version);
  }
}
