package dev.tagstream.model.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The standard metric bundle reported by eval and the trainer, in a fixed key order. */
public final class MetricSet {
  private MetricSet() {}

  public static Map<String, Double> compute(float[][] scores, boolean[][] truth, float[] thresholds) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mAP", MacroMap.of(scores, truth));
    m.put("microF1", F1.micro(scores, truth, thresholds));
    m.put("macroF1", F1.macro(scores, truth, thresholds));
    for (int k : new int[] {1, 3, 5}) {
      m.put("P@" + k, PrecisionAtK.of(scores, truth, k));
      m.put("R@" + k, RecallAtK.of(scores, truth, k));
    }
    return m;
  }
}
