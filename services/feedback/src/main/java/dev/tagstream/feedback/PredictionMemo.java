package dev.tagstream.feedback;

import java.util.HashSet;
import java.util.Set;

/**
 * The latest prediction of one image as far as quality needs it: which model version predicted
 * which labels, and which labels a confirmation has already judged (each prediction-label pair
 * counts once).
 */
record PredictionMemo(String modelVersion, Set<String> predicted, Set<String> judged) {
  PredictionMemo {
    predicted = Set.copyOf(predicted);
    judged = Set.copyOf(judged);
  }

  PredictionMemo judging(String label) {
    Set<String> next = new HashSet<>(judged);
    next.add(label);
    return new PredictionMemo(modelVersion, predicted, next);
  }
}
