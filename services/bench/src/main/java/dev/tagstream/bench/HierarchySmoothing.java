package dev.tagstream.bench;

/**
 * Test-time hierarchy smoothing: a label's probability times its ancestors' probabilities to the power gamma. Why:
 * with one observed positive per image an emoji's head learns from about one example, its parent subcategory's from
 * many; weighting the emoji's score by how sure the model is of its ancestors ranks images for the emoji better.
 */
final class HierarchySmoothing {
  private HierarchySmoothing() {}

  /** s_ij = p_ij · Π_{a ∈ ancestors(j)} p_ia^γ  (γ = 0 leaves the scores as they are) */
  static float[][] apply(float[][] probs, int[][] ancestors, double gamma) {
    float[][] out = new float[probs.length][];
    for (int i = 0; i < probs.length; i++) {
      float[] p = probs[i];
      float[] s = new float[p.length];
      for (int j = 0; j < p.length; j++) {
        double v = p[j];
        for (int a : ancestors[j]) {
          v *= Math.pow(p[a], gamma);
        }
        s[j] = (float) v;
      }
      out[i] = s;
    }
    return out;
  }
}
