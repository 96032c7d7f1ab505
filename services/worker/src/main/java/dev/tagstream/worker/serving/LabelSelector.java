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
    // a bounded insertion list instead of sorting every hit: it runs on the inference thread for
    // each image,
    // and an untrained or permissive model lets half of 2,000 labels past their thresholds
    int[] best = new int[topK];
    int n = 0;
    for (int i = 0; i < probabilities.length; i++) {
      float p = probabilities[i];
      if (!(p >= thresholds[i])
          || (n == topK && Float.compare(p, probabilities[best[n - 1]]) <= 0)) {
        continue; // below its threshold, or no better than the worst kept (an equal later label
        // loses the tie)
      }
      int at = n == topK ? n - 1 : n++;
      while (at > 0 && Float.compare(p, probabilities[best[at - 1]]) > 0) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = i;
    }
    List<LabelScore> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(new LabelScore(names[best[j]], probabilities[best[j]]));
    }
    return out;
  }
}
