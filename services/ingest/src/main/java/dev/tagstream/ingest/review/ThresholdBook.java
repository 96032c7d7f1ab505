package dev.tagstream.ingest.review;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model version's per-label thresholds and how far each is to be trusted. The artifact does not
 * record how many positives calibrated each threshold, but the calibrator gives every label with
 * too few positives the same global value, and per-label optima (scores) rarely coincide: so the
 * value most labels share, when at least two share it, is taken as the fallback, and labels holding
 * it (or 1.0: no positive seen) get doubt 1, the others 0.
 */
public final class ThresholdBook {
  private final List<String> labels;
  private final float[] thresholds;
  private final Map<String, Integer> index = new HashMap<>();
  private final Float fallback;

  private ThresholdBook(List<String> labels, float[] thresholds) {
    if (labels.size() != thresholds.length) {
      throw new IllegalArgumentException(
          thresholds.length + " thresholds for " + labels.size() + " labels");
    }
    this.labels = List.copyOf(labels);
    this.thresholds = thresholds.clone();
    for (int i = 0; i < this.labels.size(); i++) {
      index.putIfAbsent(this.labels.get(i), i);
    }
    this.fallback = sharedMost(this.thresholds);
  }

  /** {@code thresholds} aligned with {@code labels} (the artifact's label order). */
  public static ThresholdBook of(List<String> labels, float[] thresholds) {
    return new ThresholdBook(labels, thresholds);
  }

  public int size() {
    return labels.size();
  }

  public String label(int i) {
    return labels.get(i);
  }

  /** -1 when the label is not in this model's vocabulary. */
  public int indexOf(String label) {
    return index.getOrDefault(label, -1);
  }

  public double threshold(int i) {
    return thresholds[i];
  }

  /**
   * 1 for a fallback (or never-reached 1.0) threshold, 0 for one calibrated on the label's own
   * positives.
   */
  public double doubt(int i) {
    float t = thresholds[i];
    return t >= 1f || (fallback != null && Float.compare(t, fallback) == 0) ? 1 : 0;
  }

  /** The fallback value, if one is recognisable. */
  public Float fallback() {
    return fallback;
  }

  /** How many labels hold the fallback (or 1.0) threshold. */
  public int doubtful() {
    int n = 0;
    for (int i = 0; i < thresholds.length; i++) {
      n += doubt(i) > 0 ? 1 : 0;
    }
    return n;
  }

  private static Float sharedMost(float[] values) {
    Map<Float, Integer> counts = new TreeMap<>();
    for (float v : values) {
      counts.merge(v, 1, Integer::sum);
    }
    Float best = null;
    int bestCount = 1;
    for (Map.Entry<Float, Integer> e : counts.entrySet()) {
      if (e.getValue()
          > bestCount) { // ties keep the lower value: TreeMap order makes it deterministic
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }
}
