package dev.tagstream.model.artifact;

import java.util.List;
import java.util.Map;

/** How a version was trained: data sizes, label-state counts, schedule, and the per-epoch history. */
public record TrainingSummary(int trainImages, int valImages, Map<String, Long> labelStates, int epochs,
    int bestEpoch, int batchSize, double learningRate, long seed, boolean headOnly, double seconds,
    List<EpochRecord> history) {
  public TrainingSummary {
    labelStates = labelStates == null ? Map.of() : Map.copyOf(labelStates);
    history = history == null ? List.of() : List.copyOf(history);
  }
}
