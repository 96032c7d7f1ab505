package dev.tagstream.bench;

/**
 * Pseudo-positives by each training scene's object count: the layout says how many objects a scene
 * shows (k_i), not which, so the scene's k_i - m_i most probable unknown leaf labels become
 * positive, m_i being its leaves positive already. Why: a threshold or a per-label quota guesses
 * how many labels an image lacks; the count says it, so each image gets its missing share and no
 * more. The count is side information (a detector's, or the generator's) that the other methods do
 * not use; results say so.
 */
final class ObjectCountFill {
  private ObjectCountFill() {}

  // missing_i = max(0, k_i − m_i),  m_i = |{leaf j : t_ij > 0.5}|
  static int missing(int objects, float[] t, boolean[] leaf) {
    int present = 0;
    for (int j = 0; j < t.length; j++) {
      present += leaf[j] && t[j] > 0.5f ? 1 : 0;
    }
    return Math.max(0, objects - present);
  }

  /**
   * {@code owned} with each image's missing leaves added and completed upward: the most probable
   * leaves that are neither positive nor known (so never a confirmed negative); ties go to the
   * earlier label. In place, for a result nothing else holds (at 40,000 images x 2,020 labels a
   * copy is 650 MB, and self-training's rounds held several at once).
   */
  static PseudoLabels.Result fillInPlace(
      PseudoLabels hierarchy,
      PseudoLabels.Result owned,
      float[][] probs,
      int[] objects,
      boolean[] leaf) {
    PseudoLabels.Result r = owned;
    long added = 0;
    for (int i = 0; i < objects.length; i++) {
      float[] t = r.targets()[i];
      float[] k = r.known()[i];
      for (int m = missing(objects[i], t, leaf); m > 0; m--) {
        int pick = -1;
        for (int j = 0; j < t.length; j++) {
          if (leaf[j]
              && t[j] <= 0.5f
              && k[j] < 0.5f
              && (pick < 0 || probs[i][j] > probs[i][pick])) {
            pick = j;
          }
        }
        if (pick < 0) {
          break; // every leaf is positive or known
        }
        added += hierarchy.markUp(pick, t, k);
      }
    }
    return r.adding(added);
  }
}
