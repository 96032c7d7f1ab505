package dev.tagstream.ingest.review;

import java.util.List;

/**
 * One image to review: the labels shown with their probabilities (best first), what is already
 * known, and its review value (the best value among its undecided shown labels).
 */
public record ReviewItem(
    String id,
    String uri,
    String modelVersion,
    double value,
    List<Shown> labels,
    KnownLabels known) {
  public ReviewItem {
    labels = List.copyOf(labels);
  }

  /**
   * A label shown for review. predicted: at or above its threshold (the model says yes); else a
   * near miss. decision: "positive", "negative" or null while undecided.
   */
  public record Shown(
      String label,
      double probability,
      double threshold,
      double doubt,
      double value,
      boolean predicted,
      String decision) {
    Shown decided(String d) {
      return new Shown(label, probability, threshold, doubt, value, predicted, d);
    }
  }
}
