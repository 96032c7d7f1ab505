package dev.tagstream.model.infer;

import dev.tagstream.model.metrics.MacroMap;
import java.util.List;

/**
 * Test-time hierarchy smoothing: a label's probability times its ancestors' probabilities to the
 * power gamma. Why: with incomplete labels a fine label (an emoji) is observed a handful of times
 * while its ancestors (subcategory, category) are observed far more often, so their heads are
 * surer; weighting the fine label's score by its ancestors' ranks images for it better. On
 * EmojiScenes with one observed label per image it is the best method of
 * bench/results/losses-few-shot.md. Gamma is chosen on validation data; 0 leaves scores as they
 * are.
 */
public final class HierarchySmoothing {
  /** The exponents training tries on validation data (0 first: no smoothing unless it helps). */
  public static final List<Double> GAMMAS = List.of(0.0, 0.5, 1.0, 2.0, 4.0, 8.0);

  private HierarchySmoothing() {}

  /** s_j = p_j · Π_{a ∈ ancestors(j)} p_a^γ (γ = 0 returns the same scores) */
  public static float[] apply(float[] p, int[][] ancestors, double gamma) {
    if (gamma == 0) {
      return p;
    }
    // each label's p^γ once per row, not once per descendant (an emoji category has hundreds)
    double[] powered = new double[p.length];
    for (int j = 0; j < p.length; j++) {
      powered[j] = Math.pow(p[j], gamma);
    }
    float[] s = new float[p.length];
    for (int j = 0; j < p.length; j++) {
      double v = p[j];
      for (int a : ancestors[j]) {
        v *= powered[a];
      }
      s[j] = (float) v;
    }
    return s;
  }

  public static float[][] apply(float[][] probs, int[][] ancestors, double gamma) {
    float[][] out = new float[probs.length][];
    for (int i = 0; i < probs.length; i++) {
      out[i] = apply(probs[i], ancestors, gamma);
    }
    return out;
  }

  /**
   * The gamma of GAMMAS with the best validation macro mAP (the first on ties); 0 for a flat
   * vocabulary.
   *
   * @param ancestors Vocabulary.ancestors() of the labels
   */
  public static double select(float[][] valProbs, boolean[][] valTruth, int[][] ancestors) {
    boolean flat = java.util.Arrays.stream(ancestors).allMatch(a -> a.length == 0);
    if (flat) {
      return 0;
    }
    double best = 0;
    double bestMap = Double.NEGATIVE_INFINITY;
    for (double g : GAMMAS) {
      double map = MacroMap.of(apply(valProbs, ancestors, g), valTruth);
      if (map > bestMap) {
        bestMap = map;
        best = g;
      }
    }
    return best;
  }
}
