package dev.tagstream.model.train;

import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.metrics.MacroMap;
import dev.tagstream.model.metrics.MetricSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of a model on labelled images (truth = completed positives, everything else absent),
 * per-label AP and positive counts, and the raw scores so a report can draw precision-recall
 * curves.
 */
public record EvaluationReport(
    Map<String, Double> metrics,
    List<String> labels,
    double[] perLabelAp,
    int[] positives,
    float[][] scores,
    boolean[][] truth) {

  public static EvaluationReport of(
      float[][] scores, boolean[][] truth, float[] thresholds, Vocabulary vocab) {
    return new EvaluationReport(
        MetricSet.compute(scores, truth, thresholds, vocab.levels()),
        vocab.names(),
        MacroMap.perLabel(scores, truth),
        positives(truth, vocab.size()),
        scores,
        truth);
  }

  /** n_pos[c] = sum_i truth_ic: each label's positives among the images. */
  public static int[] positives(boolean[][] truth, int labels) {
    int[] pos = new int[labels];
    for (boolean[] row : truth) {
      for (int j = 0; j < labels; j++) {
        pos[j] += row[j] ? 1 : 0;
      }
    }
    return pos;
  }

  public int images() {
    return scores.length;
  }

  public int labelsWithPositives() {
    int n = 0;
    for (int p : positives) {
      n += p > 0 ? 1 : 0;
    }
    return n;
  }

  public double map() {
    return metrics.get("mAP");
  }

  /** The JSON printed by eval: counts plus the metric map. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", images());
    m.put("labels", labels.size());
    m.put("labelsWithPositives", labelsWithPositives());
    m.put("metrics", metrics);
    return m;
  }
}
