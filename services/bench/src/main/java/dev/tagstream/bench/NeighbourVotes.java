package dev.tagstream.bench;

/**
 * Pseudo-positives from neighbours in embedding space: an unknown label that at least a share tau
 * of an image's k nearest training images carry as an observed positive becomes positive. Why it
 * adds what the losses cannot: a label observed on only a third of the scenes that show it is still
 * observed on many scenes that look alike, and their labels transfer where the single observed
 * label of this scene names something else.
 */
final class NeighbourVotes {
  private NeighbourVotes() {}

  // v_ic = (1/k) sum_{j in N_k(i)} y_jc ; pseudo-positive if c is unknown for i and v_ic >= tau
  static float vote(float[][] targets, int[] neighbours, int k, int label) {
    float sum = 0f;
    for (int j = 0; j < k; j++) {
      sum += targets[neighbours[j]][label] > 0.5f ? 1f : 0f;
    }
    return sum / k;
  }

  /**
   * Targets and known masks with neighbour pseudo-positives added and completed upward (copies);
   * votes count observed labels only, never other pseudo-positives, so the result does not depend
   * on row order.
   */
  static PseudoLabels.Result apply(
      PseudoLabels hierarchy,
      float[][] targets,
      float[][] known,
      int[][] neighbours,
      int k,
      double tau) {
    PseudoLabels.Result r = PseudoLabels.Result.copyOf(targets, known);
    float[][] t = r.targets();
    float[][] kn = r.known();
    long added = 0;
    for (int i = 0; i < t.length; i++) {
      for (int c = 0; c < t[i].length; c++) {
        if (kn[i][c] < 0.5f && vote(targets, neighbours[i], k, c) >= tau) {
          added += hierarchy.markUp(c, t[i], kn[i]);
        }
      }
    }
    return r.adding(added);
  }
}
