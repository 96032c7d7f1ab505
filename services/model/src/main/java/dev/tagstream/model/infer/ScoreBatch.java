package dev.tagstream.model.infer;

import java.util.List;

/**
 * Scores of one batch: per-image label probabilities float[C] and, when computed, embeddings
 * float[D].
 */
public record ScoreBatch(List<float[]> probabilities, List<float[]> embeddings) {
  public ScoreBatch {
    probabilities = List.copyOf(probabilities);
    embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
  }

  public int size() {
    return probabilities.size();
  }
}
