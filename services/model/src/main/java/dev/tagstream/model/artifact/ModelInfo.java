package dev.tagstream.model.artifact;

import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.nn.BackboneSpec;
import java.util.Map;

/**
 * Contents of model.json. files maps each weights file name to its SHA-256, so a truncated or swapped file is
 * caught at load time; metrics are the validation metrics at the calibrated thresholds.
 */
public record ModelInfo(int formatVersion, String version, String parent, String created, BackboneSpec backbone,
    int inputSize, int numLabels, String labelSetHash, LossSpec loss, TrainingSummary training,
    Map<String, Double> metrics, Map<String, String> files) {
  public static final int FORMAT = 1;

  public ModelInfo {
    metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    files = files == null ? Map.of() : Map.copyOf(files);
  }

  public ModelInfo withFiles(Map<String, String> newFiles) {
    return new ModelInfo(formatVersion, version, parent, created, backbone, inputSize, numLabels, labelSetHash, loss,
        training, metrics, newFiles);
  }
}
