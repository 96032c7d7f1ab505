package dev.tagstream.worker.serving;

import dev.tagstream.contracts.LabelScore;
import java.util.ArrayList;
import java.util.List;

/** A prediction's labels: those at or above their own threshold, best first, at most topK. Pure. */
public final class LabelSelector {
  private final String[] names;
  private final float[] thresholds;
  private final int topK;

  LabelSelector(String[] names, float[] thresholds, int topK) {
    if (names.length != thresholds.length) {
      throw new IllegalArgumentException(
          names.length + " labels but " + thresholds.length + " thresholds");
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1");
    }
    this.names = names.clone();
    this.thresholds = thresholds.clone();
    this.topK = topK;
  }

  public List<LabelScore> select(float[] probabilities) {
    if (probabilities.length != names.length) {
      throw new IllegalArgumentException(
          probabilities.length + " probabilities for " + names.length + " labels");
    }
    // A bounded insertion list instead of sorting every hit: it runs on the inference thread for
    // each image, and an untrained or permissive model lets half the labels past their thresholds.
    // Once topK are kept, "no better than the worst kept" is tested first: nearly every label fails
    // it, a branch the CPU predicts, where the threshold test alone is a coin flip for such a model
    // (at 100,000 labels the old order took ~0.6 ms per image, a fifth of the worker's time).
    int[] best = new int[topK];
    int n = 0;
    float worst = Float.NEGATIVE_INFINITY; // the lowest kept score once topK are kept
    for (int i = 0; i < probabilities.length; i++) {
      float p = probabilities[i];
      if (p <= worst || !(p >= thresholds[i])) {
        continue; // no better than the worst kept (an equal later label loses the tie), or below
        // its threshold (NaN never passes)
      }
      int at = n == topK ? n - 1 : n++;
      while (at > 0 && p > probabilities[best[at - 1]]) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = i;
      if (n == topK) {
        worst = probabilities[best[n - 1]];
      }
    }
    List<LabelScore> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(new LabelScore(names[best[j]], probabilities[best[j]]));
    }
    return out;
  }
}
