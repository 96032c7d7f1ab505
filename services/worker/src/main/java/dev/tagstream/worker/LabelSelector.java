package dev.tagstream.worker;

import dev.tagstream.contracts.LabelScore;
import java.util.ArrayList;
import java.util.List;

/** A prediction's labels: those at or above their own threshold, best first, at most topK. Pure. */
final class LabelSelector {
  private final String[] names;
  private final float[] thresholds;
  private final int topK;

  LabelSelector(String[] names, float[] thresholds, int topK) {
    if (names.length != thresholds.length) {
      throw new IllegalArgumentException(names.length + " labels but " + thresholds.length + " thresholds");
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1");
    }
    this.names = names.clone();
    this.thresholds = thresholds.clone();
    this.topK = topK;
  }

  List<LabelScore> select(float[] probabilities) {
    if (probabilities.length != names.length) {
      throw new IllegalArgumentException(probabilities.length + " probabilities for " + names.length + " labels");
    }
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      if (probabilities[i] >= thresholds[i]) {
        hits.add(i);
      }
    }
    // ties keep label order, so equal inputs always give equal outputs
    hits.sort((a, b) -> {
      int byProbability = Float.compare(probabilities[b], probabilities[a]);
      return byProbability != 0 ? byProbability : Integer.compare(a, b);
    });
    List<LabelScore> out = new ArrayList<>(Math.min(topK, hits.size()));
    for (int i = 0; i < Math.min(topK, hits.size()); i++) {
      int label = hits.get(i);
      out.add(new LabelScore(names[label], probabilities[label]));
    }
    return out;
  }
}
