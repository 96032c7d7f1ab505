package dev.tagstream.model.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How a version was trained: data sizes, label-state counts, schedule, and the per-epoch history.
 * unreadableImages counts the manifest images left out because they could not be read (missing,
 * refused, not an image); trainImages and valImages are what remained. Absent from files written
 * before it existed: 0.
 */
public record TrainingSummary(
    int trainImages,
    int valImages,
    // written only when not 0: workers built before this field refuse a model.json that has it
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int unreadableImages,
    Map<String, Long> labelStates,
    int epochs,
    int bestEpoch,
    int batchSize,
    double learningRate,
    long seed,
    boolean headOnly,
    double seconds,
    List<EpochRecord> history) {
  public TrainingSummary {
    labelStates = labelStates == null ? Map.of() : Map.copyOf(labelStates);
    history = history == null ? List.of() : List.copyOf(history);
  }
}
