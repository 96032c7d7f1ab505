package dev.tagstream.model.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The standard metric bundle reported by eval and the trainer, in a fixed key order. */
public final class MetricSet {
  private MetricSet() {}

  public static Map<String, Double> compute(
      float[][] scores, boolean[][] truth, float[] thresholds) {
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

  /**
   * As above, plus "mAP LEVEL" for each hierarchy level when the labels have more than one
   * (levels[j] of label j).
   */
  public static Map<String, Double> compute(
      float[][] scores, boolean[][] truth, float[] thresholds, String[] levels) {
    Map<String, Double> m = compute(scores, truth, thresholds);
    Map<String, boolean[]> masks = levelMasks(levels);
    if (masks.size() > 1) {
      masks.forEach((level, include) -> m.put("mAP " + level, MacroMap.of(scores, truth, include)));
    }
    return m;
  }

  /**
   * One include-mask per hierarchy level, in first-seen order (EmojiScenes: category, subcategory,
   * emoji).
   */
  public static Map<String, boolean[]> levelMasks(String[] levels) {
    Map<String, boolean[]> m = new LinkedHashMap<>();
    for (int j = 0; j < levels.length; j++) {
      m.computeIfAbsent(levels[j], k -> new boolean[levels.length])[j] = true;
    }
    return m;
  }
}
