package dev.tagstream.bench;

import dev.tagstream.model.labels.Vocabulary;

/**
 * Self-training targets from a first model's train-set probabilities, in two hierarchy-aware steps:
 *
 * <ol>
 *   <li>guided: a positive label none of whose children is positive has at least one present child
 *       (a scene named "Animals & Nature" shows some animal), so its most probable child becomes
 *       positive, down to a leaf ({@link Descent#HARD}); or that one missing child is spread over
 *       the unknown children in proportion to their probabilities, each a soft positive whose
 *       remainder stays unknown ({@link Descent#SOFT});
 *   <li>confident: an unknown label with probability >= tau becomes positive (tau = NaN: off).
 * </ol>
 *
 * New positives are completed upward. Confirmed negatives are never overridden. Pure: arrays in,
 * new arrays out.
 */
final class PseudoLabels {
  private final Vocabulary tree;
  private final Descent descent;
  private final double tau;

  /** How a positive label without a positive child gets one. */
  enum Descent {
    OFF,
    HARD,
    SOFT
  }

  PseudoLabels(Vocabulary tree, Descent descent, double tau) {
    this.tree = tree;
    this.descent = descent;
    this.tau = tau;
  }

  /** Targets and known masks with pseudo-positives added (copies; the inputs are not changed). */
  Result apply(float[][] targets, float[][] known, float[][] probs) {
    Result r = Result.copyOf(targets, known);
    long added = 0;
    for (int i = 0; i < targets.length; i++) {
      added += applyOne(targets[i], r.targets()[i], r.known()[i], probs[i]);
    }
    return r.adding(added);
  }

  /** New targets and known masks, and how many entries became pseudo-positive. */
  record Result(float[][] targets, float[][] known, long added) {
    /**
     * Deep copies of targets and known with nothing added yet: every pseudo-labeller changes its
     * copies, never the regime's own labels.
     */
    static Result copyOf(float[][] targets, float[][] known) {
      float[][] t = new float[targets.length][];
      float[][] k = new float[known.length][];
      for (int i = 0; i < t.length; i++) {
        t[i] = targets[i].clone();
        k[i] = known[i].clone();
      }
      return new Result(t, k, 0);
    }

    /** The same arrays with {@code more} entries added to the count. */
    Result adding(long more) {
      return new Result(targets, known, added + more);
    }
  }

  private int applyOne(float[] observed, float[] t, float[] k, float[] p) {
    int added = 0;
    if (!Double.isNaN(tau)) {
      for (int j = 0; j < t.length; j++) {
        if (k[j] < 0.5f && p[j] >= tau) {
          added += markUp(j, t, k);
        }
      }
    }
    if (descent != Descent.OFF) {
      for (int j = 0; j < t.length; j++) {
        if (observed[j] > 0.5f) {
          added += descent == Descent.HARD ? descend(j, t, k, p) : spread(j, 1f, t, k, p);
        }
      }
    }
    return added;
  }

  // from a positive label down: while no child is positive, the most probable child that is not a
  // confirmed negative
  private int descend(int label, float[] t, float[] k, float[] p) {
    int added = 0;
    int at = label;
    while (tree.children(at).length > 0) {
      int pick = -1;
      for (int c : tree.children(at)) {
        if (t[c] > 0.5f) {
          pick = -2;
          break;
        }
        if (k[c] < 0.5f && (pick < 0 || p[c] > p[pick])) {
          pick = c;
        }
      }
      if (pick < 0) {
        return added; // a child is already positive, or every child is a confirmed negative
      }
      added += markUp(pick, t, k);
      at = pick;
    }
    return added;
  }

  // q_c = q_a · p_c / Σ_{c' unknown child of a} p_c'   (q = 1 at the observed label; target and
  // known both q_c, so the entry is q_c positive and 1 − q_c unknown)
  private int spread(int label, float mass, float[] t, float[] k, float[] p) {
    int[] children = tree.children(label);
    double sum = 0;
    for (int c : children) {
      if (t[c] > 0.5f) {
        return 0; // a child is already present
      }
      if (k[c] <= 0f) {
        sum += p[c];
      }
    }
    if (!(sum > 0)) {
      return 0; // no unknown child, or the first model gives every one probability 0
    }
    int added = 0;
    for (int c : children) {
      if (k[c] <= 0f) {
        float q = (float) (mass * p[c] / sum);
        t[c] = q;
        k[c] = q;
        added += 1 + spread(c, q, t, k, p);
      }
    }
    return added;
  }

  /**
   * Per label, the scale that makes a pseudo-positive count as {@code w} positives instead of one,
   * never more than an observation (scale 1).
   */
  // s'_c = min(1, w s_c)
  static float[] weighted(float[] scale, double w) {
    float[] out = new float[scale.length];
    for (int c = 0; c < scale.length; c++) {
      out[c] = (float) Math.min(1.0, w * scale[c]);
    }
    return out;
  }

  /**
   * The result with each pseudo-positive (an entry unknown before, positive now) scaled so it
   * counts once under the retraining's loss: t_j = s_j t_j and k_j = s_j k_j (see
   * Losses.pseudoPositiveScale). Observed entries are not changed.
   */
  static Result countOnce(Result r, float[][] observedKnown, float[] scale) {
    Result c = Result.copyOf(r.targets(), r.known()).adding(r.added());
    float[][] t = c.targets();
    float[][] k = c.known();
    for (int i = 0; i < t.length; i++) {
      for (int j = 0; j < t[i].length; j++) {
        if (observedKnown[i][j] < 0.5f && t[i][j] > 0f) {
          t[i][j] *= scale[j];
          k[i][j] *= scale[j];
        }
      }
    }
    return c;
  }

  /**
   * How many of the pseudo-positive mass is right, against labels the method never saw (a
   * diagnostic, never a selection criterion); entries where {@code labels} is false are left out.
   */
  // precision = Σ_pseudo t_ij [truth_ij] / Σ_pseudo t_ij   (pseudo: known_ij was 0, t_ij > 0)
  static double precision(Result r, float[][] observedKnown, boolean[][] truth, boolean[] labels) {
    double right = 0;
    double all = 0;
    for (int i = 0; i < truth.length; i++) {
      for (int j = 0; j < truth[i].length; j++) {
        float t = r.targets()[i][j];
        if (labels[j] && observedKnown[i][j] < 0.5f && t > 0f) {
          all += t;
          right += truth[i][j] ? t : 0;
        }
      }
    }
    return all > 0 ? right / all : Double.NaN;
  }

  /** Marks label and its ancestors positive and known; returns how many entries changed. */
  int markUp(int label, float[] t, float[] k) {
    if (t[label] > 0.5f || k[label] > 0.5f) {
      return 0;
    }
    t[label] = 1f;
    k[label] = 1f;
    int added = 1;
    for (int parent : tree.parents(label)) {
      added += markUp(parent, t, k);
    }
    return added;
  }
}
