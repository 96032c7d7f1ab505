package dev.tagstream.bench;

/**
 * A second opinion from the objects: each label's prototype is the unit mean of the object crops
 * its observed leaves were placed on (an inner label's: every placed object below it), a scene
 * scores each label by the cosine of its own embedding to that prototype, standardised per label
 * over the training scenes, and that score is added to a head's logit. A head learns a label from
 * its few observed scenes, where the emoji is one object among several; a prototype sees the emoji
 * alone, cropped, in every scene where it was observed. At 40,000 scenes (single regime, seed 1)
 * the blend raised self-training's validation mAP from 0.2802 to 0.2838
 * (bench/results/losses-40k-whitened.md).
 *
 * <p>Pure: arrays in, new arrays out.
 */
final class PrototypeBlend {
  private final float[][] prototypes; // per label, unit; null for a label no placed object shows
  private final double[] mean;
  private final double[] sd;

  private PrototypeBlend(float[][] prototypes, double[] mean, double[] sd) {
    this.prototypes = prototypes;
    this.mean = mean;
    this.sd = sd;
  }

  /**
   * Prototypes from {@code objects} (unit crop embeddings per scene) and {@code assigned} (each
   * object's placed leaf or ObjectLabels.NONE), standardised over {@code trainScenes}.
   */
  static PrototypeBlend fit(
      float[][][] objects, int[][] assigned, int[][] ancestors, int labels, float[][] trainScenes) {
    float[][] prototypes = ObjectLabels.prototypes(objects, assigned, ancestors, labels);
    double[] sum = new double[labels];
    double[] squares = new double[labels];
    for (float[] x : trainScenes) {
      float[] c = cosines(x, prototypes);
      for (int l = 0; l < labels; l++) {
        sum[l] += c[l];
        squares[l] += (double) c[l] * c[l];
      }
    }
    double n = trainScenes.length;
    double[] mean = new double[labels];
    double[] sd = new double[labels];
    for (int l = 0; l < labels; l++) {
      mean[l] = sum[l] / n;
      sd[l] = Math.sqrt(Math.max(0, squares[l] / n - mean[l] * mean[l]));
    }
    return new PrototypeBlend(prototypes, mean, sd);
  }

  // c_l(x) = cos(x, P_l), 0 where P_l is missing
  private static float[] cosines(float[] x, float[][] prototypes) {
    float[] u = ObjectLabels.unit(x);
    float[] c = new float[prototypes.length];
    for (int l = 0; l < prototypes.length; l++) {
      c[l] = prototypes[l] == null ? 0f : (float) ObjectLabels.dot(u, prototypes[l]);
    }
    return c;
  }

  /** Each scene's standardised prototype scores (0 for a label without a prototype). */
  // z_l(x) = (cos(x, P_l) − μ_l) / σ_l,  μ and σ over the training scenes
  float[][] scores(float[][] scenes) {
    float[][] out = new float[scenes.length][];
    for (int i = 0; i < scenes.length; i++) {
      float[] c = cosines(scenes[i], prototypes);
      for (int l = 0; l < c.length; l++) {
        c[l] = prototypes[l] == null || sd[l] == 0 ? 0f : (float) ((c[l] - mean[l]) / sd[l]);
      }
      out[i] = c;
    }
    return out;
  }

  /** A head's probabilities with {@code alpha} times the prototype scores added to their logits. */
  // p'_l = σ(logit(p_l) + α z_l),  p clamped to [1e-7, 1 − 1e-7]
  static float[][] blend(float[][] probs, float[][] z, double alpha) {
    float[][] out = new float[probs.length][];
    for (int i = 0; i < probs.length; i++) {
      out[i] = new float[probs[i].length];
      for (int l = 0; l < probs[i].length; l++) {
        double p = Math.min(Math.max(probs[i][l], 1e-7), 1 - 1e-7);
        double logit = Math.log(p / (1 - p)) + alpha * z[i][l];
        out[i][l] = (float) (1 / (1 + Math.exp(-logit)));
      }
    }
    return out;
  }
}
