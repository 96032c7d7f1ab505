package dev.tagstream.bench;

import dev.tagstream.datasets.ObservedLabels;
import dev.tagstream.model.nn.BackboneSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A loss-benchmark run: the dataset (built with --observed full), where results and caches go,
 * seeds, regimes, methods, the learning-rate grid, the head schedule, the pretext backbone recipe,
 * and whether selection sees the validation labels as observed in the regime (default) or full, and
 * a pretrain artifact to take the backbone from instead of running the pretext (null: run it, or
 * reuse the work folder's). Validated on construction.
 */
record BenchConfig(
    Path data,
    Path out,
    Path work,
    List<Long> seeds,
    List<String> regimes,
    List<String> methods,
    List<Double> learningRates,
    int headEpochs,
    int batchSize,
    double weightDecay,
    BackboneSpec backbone,
    int pretextEpochs,
    int pretextViews,
    double pretextLr,
    Path assets,
    Path cache,
    boolean fullValidation,
    Path pretrained) {
  BenchConfig {
    seeds = List.copyOf(seeds);
    regimes = List.copyOf(regimes);
    methods = List.copyOf(methods);
    learningRates = List.copyOf(learningRates);
    if (seeds.isEmpty() || regimes.isEmpty() || methods.isEmpty() || learningRates.isEmpty()) {
      throw new IllegalArgumentException(
          "--seeds, --regimes, --methods and --lrs must not be empty");
    }
    for (String r : regimes) {
      if (ObservedLabels.parse(r).mode() == ObservedLabels.Mode.FULL) {
        throw new IllegalArgumentException(
            "--regimes lists partial regimes (single, partial:P); 'full' is the "
                + "method 'full' (the upper bound), always trained on the same images");
      }
    }
    if (learningRates.stream().anyMatch(lr -> !(lr > 0))) {
      throw new IllegalArgumentException("--lrs must all be > 0, got " + learningRates);
    }
    if (headEpochs < 1
        || batchSize < 1
        || pretextEpochs < 1
        || pretextViews < 1
        || weightDecay < 0) {
      throw new IllegalArgumentException(
          "epochs, batch size and views must be >= 1, weight decay >= 0");
    }
  }
}
