package dev.tagstream.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every metric against values worked out by hand in the comments. */
class MetricsTest {
  private static final boolean T = true;
  private static final boolean F = false;

  // 3 images x 3 labels; label 2 has no positive, so macro metrics skip it
  private static final float[][] S = {{0.9f, 0.1f, 0.4f}, {0.2f, 0.8f, 0.3f}, {0.6f, 0.7f, 0.2f}};
  private static final boolean[][] Y = {{T, F, F}, {F, F, F}, {T, T, F}};

  @Test
  void mapPerHierarchyLevelWhenThereIsMoreThanOneLevel() {
    float[][] scores = {{0.9f, 0.8f, 0.4f}, {0.1f, 0.3f, 0.6f}};
    boolean[][] truth = {{true, false, true}, {false, true, true}};
    float[] thresholds = {0.5f, 0.5f, 0.5f};
    // AP: label 0 = 1; label 1 ranks its negative first, so 1/2; label 2 = 1. Levels a = {0}, b =
    // {1, 2}.
    Map<String, Double> m =
        MetricSet.compute(scores, truth, thresholds, new String[] {"a", "b", "b"});
    assertEquals(2.5 / 3, m.get("mAP"), 1e-12);
    assertEquals(1.0, m.get("mAP a"), 1e-12);
    assertEquals(0.75, m.get("mAP b"), 1e-12);
    Map<String, Double> flat =
        MetricSet.compute(scores, truth, thresholds, new String[] {"x", "x", "x"});
    assertEquals(MetricSet.compute(scores, truth, thresholds), flat, "one level adds nothing");
  }

  @Test
  void averagePrecisionTreatsTiedScoresAsOneThreshold() {
    // all tied, positives T F T: one step, recall 1 at precision 2/3 -> 2/3
    // (breaking the tie pessimistically would give 0.5*0.5 + 0.5*2/3 = 0.583, optimistically 1.0)
    assertEquals(
        2.0 / 3,
        AveragePrecision.of(new float[] {0.7f, 0.7f, 0.7f}, new boolean[] {T, F, T}),
        1e-12);
    // .9T | .8F .8T | .3F | .1T: 1/3*1 + 1/3*2/3 + 0 + 1/3*3/5 = 34/45
    assertEquals(
        34.0 / 45,
        AveragePrecision.of(
            new float[] {0.9f, 0.8f, 0.8f, 0.3f, 0.1f}, new boolean[] {T, F, T, F, T}),
        1e-12);
  }

  @Test
  void averagePrecisionIsNaNWithoutPositivesAndOneWhenPerfect() {
    assertTrue(Double.isNaN(AveragePrecision.of(new float[] {0.5f, 0.1f}, new boolean[] {F, F})));
    assertEquals(1.0, AveragePrecision.of(new float[] {0.1f, 0.5f}, new boolean[] {F, T}), 1e-12);
  }

  @Test
  void nanScoresRankLastInsteadOfHanging() {
    // .9T | NaN F: the NaN entry is ranked below every number, so AP = 1
    assertEquals(
        1.0, AveragePrecision.of(new float[] {Float.NaN, 0.9f}, new boolean[] {F, T}), 1e-12);
    // ranked .9T .5F NaN-T: 1/2 * 1 + 1/2 * 2/3
    assertEquals(
        0.5 + 1.0 / 3,
        AveragePrecision.of(new float[] {Float.NaN, 0.9f, 0.5f}, new boolean[] {T, T, F}),
        1e-12);
  }

  @Test
  void macroMapAveragesOnlyLabelsWithAPositive() {
    // label 0: .9T .6T .2F -> 1; label 1: .8F .7T .1F -> 1/2; label 2: no positive -> skipped
    assertEquals(0.75, MacroMap.of(S, Y), 1e-12);
    double[] ap = MacroMap.perLabel(S, Y);
    assertEquals(1.0, ap[0], 1e-12);
    assertEquals(0.5, ap[1], 1e-12);
    assertTrue(Double.isNaN(ap[2]));
  }

  @Test
  void microAndMacroF1AtPerLabelThresholds() {
    // at 0.5: label 0 TP2 FP0 FN0 (F1 1); label 1 TP1 FP1 FN0 (F1 2/3); label 2 nothing
    float[] half = {0.5f, 0.5f, 0.5f};
    assertEquals(6.0 / 7, F1.micro(S, Y, half), 1e-12); // 2*3 / (2*3 + 1)
    assertEquals(5.0 / 6, F1.macro(S, Y, half), 1e-12); // (1 + 2/3) / 2
    // label 2 at 0.25 adds two false positives: micro 6/9; macro skips label 2 (no positive)
    float[] low2 = {0.5f, 0.5f, 0.25f};
    assertEquals(6.0 / 9, F1.micro(S, Y, low2), 1e-12);
    assertEquals(5.0 / 6, F1.macro(S, Y, low2), 1e-12);
    assertEquals(0.0, F1.of(0, 0, 0));
  }

  @Test
  void precisionAndRecallAtKOverImagesWithPositives() {
    // image 0: top1 {0} hit; image 1 skipped (no positive); image 2: top1 {1} hit of 2 positives
    assertEquals(1.0, PrecisionAtK.of(S, Y, 1), 1e-12);
    assertEquals(0.75, RecallAtK.of(S, Y, 1), 1e-12);
    // k = 3: image 0 1/3, image 2 2/3 -> precision 1/2, recall 1
    assertEquals(0.5, PrecisionAtK.of(S, Y, 3), 1e-12);
    assertEquals(1.0, RecallAtK.of(S, Y, 3), 1e-12);
    // k = 5 > 3 labels: hits still divided by k: (1/5 + 2/5) / 2
    assertEquals(0.3, PrecisionAtK.of(S, Y, 5), 1e-12);
  }

  @Test
  void topKBreaksTiesByLowerIndex() {
    assertArrayEquals(new int[] {1, 0}, TopK.top(new float[] {0.5f, 0.9f, 0.5f}, 2));
  }

  @Test
  void bestThresholdMaximisesF1() {
    // P = 3; F1 = 2TP/(k+P): .9 -> 2/4, .8 -> 2/5, .7 -> 4/6, .4 -> 6/7 (best), .3 -> 6/8
    float t =
        ThresholdCalibrator.bestThreshold(
            new float[] {0.9f, 0.8f, 0.7f, 0.4f, 0.3f}, new boolean[] {T, F, T, T, F});
    assertEquals(0.4f, t);
    assertEquals(1.0f, ThresholdCalibrator.bestThreshold(new float[] {0.3f}, new boolean[] {F}));
  }

  @Test
  void calibratorFallsBackToGlobalThresholdForRareLabels() {
    // label 0 has 3 positives -> own optimum 0.4; label 1 has 1 positive (< 2) -> pooled optimum:
    // pooled sorted .9T .8F .7T .6F .5F .4T .3F .2T .1F .05F, P = 4, best 2*4/(8+4) = 0.667 at 0.2
    float[] l0 = {0.9f, 0.8f, 0.7f, 0.4f, 0.3f};
    boolean[] y0 = {T, F, T, T, F};
    float[] l1 = {0.6f, 0.2f, 0.1f, 0.5f, 0.05f};
    boolean[] y1 = {F, T, F, F, F};
    float[][] s = new float[5][];
    boolean[][] y = new boolean[5][];
    for (int i = 0; i < 5; i++) {
      s[i] = new float[] {l0[i], l1[i]};
      y[i] = new boolean[] {y0[i], y1[i]};
    }
    assertArrayEquals(new float[] {0.4f, 0.2f}, new ThresholdCalibrator(2).calibrate(s, y));
    assertArrayEquals(
        new float[] {0.4f, 0.2f},
        new ThresholdCalibrator(1).calibrate(s, y)); // own optimum is 0.2 too
  }

  @Test
  void metricSetReportsEveryKeyInOrder() {
    Map<String, Double> m = MetricSet.compute(S, Y, new float[] {0.5f, 0.5f, 0.5f});
    assertEquals("[mAP, microF1, macroF1, P@1, R@1, P@3, R@3, P@5, R@5]", m.keySet().toString());
    assertEquals(0.75, m.get("mAP"), 1e-12);
  }
}
