package dev.tagstream.trainer;

import dev.tagstream.core.config.HttpConfig;
import dev.tagstream.core.images.FetchConfig;
import dev.tagstream.model.loss.LossSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Validated trainer configuration, parsed once from settings ({@link TrainerSettings#read}). {@code
 * vocabulary} null means "train with the current model's vocabulary"; {@code backbone} is what the
 * first model starts from ({@code shipped} or {@code scratch}, see ShippedBackbone); {@code fetch}
 * and {@code maxPixels} bound how images are read, by the worker's rule.
 */
record TrainerConfig(
    String modelName,
    Path registry,
    Path vocabulary,
    TriggerPolicy trigger,
    int validationPercent,
    double minImprovement,
    double initialMinMap,
    int fullEvery,
    LossSpec loss,
    int epochs,
    int batchSize,
    double learningRate,
    double headLearningRate,
    int patience,
    Path embeddingCache,
    String device,
    String backbone,
    FetchConfig fetch,
    long maxPixels,
    HttpConfig http,
    ShadowPolicy shadow) {

  TrainerConfig {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(embeddingCache, "embeddingCache");
    Objects.requireNonNull(fetch, "fetch");
    Objects.requireNonNull(shadow, "shadow");
    if (modelName.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    if (validationPercent < 1 || validationPercent > 50) {
      throw new IllegalArgumentException(
          "validation percent must be 1..50, got " + validationPercent);
    }
  }
}
