package dev.tagstream.core.quality;

import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The latest prediction of one image as online quality needs it: which model version predicted
 * which labels, and which labels a confirmation has already judged. The rule that each
 * prediction-label pair is judged once, by the first positive or negative confirmation after the
 * prediction, lives here, shared by feedback's meters and the trainer's shadow gate. Immutable; its
 * JSON form (modelVersion, predicted, judged) is feedback's store format.
 */
public record JudgedPrediction(String modelVersion, Set<String> predicted, Set<String> judged) {
  public JudgedPrediction {
    predicted = Set.copyOf(predicted);
    judged = Set.copyOf(judged);
  }

  /** A fresh prediction: nothing judged yet. */
  public static JudgedPrediction of(Prediction p) {
    return new JudgedPrediction(
        p.getModelVersion(),
        p.getLabels().stream().map(LabelScore::getLabel).collect(Collectors.toSet()),
        Set.of());
  }

  /** What one confirmation does to this prediction: an outcome (or none) and the next memo. */
  public record Verdict(Optional<Outcome> outcome, JudgedPrediction next) {}

  /**
   * Judges {@code label} once: a label already judged, or a retraction, leaves the memo as it is.
   */
  public Verdict judge(String label, LabelDecision state) {
    if (judged.contains(label)) {
      return new Verdict(Optional.empty(), this);
    }
    Optional<Outcome> o = Outcome.of(predicted.contains(label), state);
    if (o.isEmpty()) {
      return new Verdict(o, this);
    }
    Set<String> next = new HashSet<>(judged);
    next.add(label);
    return new Verdict(o, new JudgedPrediction(modelVersion, predicted, next));
  }
}
