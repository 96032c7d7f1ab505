package dev.tagstream.model.artifact;

import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.nn.BackboneSpec;
import java.util.Map;

/**
 * Contents of model.json. files maps each weights file name to its SHA-256, so a truncated or
 * swapped file is caught at load time; metrics are the validation metrics at the calibrated
 * thresholds; hierarchyGamma is the exponent of test-time hierarchy smoothing the scorer applies
 * (0, also when absent from older files: none).
 */
public record ModelInfo(
    int formatVersion,
    String version,
    String parent,
    String created,
    BackboneSpec backbone,
    int inputSize,
    int numLabels,
    String labelSetHash,
    LossSpec loss,
    TrainingSummary training,
    Map<String, Double> metrics,
    Map<String, String> files,
    double hierarchyGamma) {
  public static final int FORMAT = 1;

  public ModelInfo {
    metrics =
        metrics == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    files = files == null ? Map.of() : Map.copyOf(files);
    if (!(hierarchyGamma >= 0) || Double.isInfinite(hierarchyGamma)) {
      throw new IllegalArgumentException(
          "hierarchyGamma must be a finite number >= 0, got " + hierarchyGamma);
    }
  }

  public ModelInfo withFiles(Map<String, String> newFiles) {
    return new ModelInfo(
        formatVersion,
        version,
        parent,
        created,
        backbone,
        inputSize,
        numLabels,
        labelSetHash,
        loss,
        training,
        metrics,
        newFiles,
        hierarchyGamma);
  }
}
