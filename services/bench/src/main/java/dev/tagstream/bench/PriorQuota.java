package dev.tagstream.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Pseudo-positives by a class prior (CRISP-style): a first model's probabilities say how many
 * training images show each label, N_c = f sum_i p_ic; the label already has n_c observed
 * positives, so its (N_c - n_c) most probable unknown images become positive. Why per label: a
 * global threshold gives frequent labels many pseudo-positives and rare ones none, while the prior
 * gives every label its own share, which is what macro mAP weighs.
 */
final class PriorQuota {
  private PriorQuota() {}

  // N_c = f * sum_i p_ic ; quota_c = max(0, round(N_c) - n_c), n_c = observed positives of c
  static int quota(float[][] probs, float[][] targets, int label, double f) {
    double expected = 0;
    int observed = 0;
    for (int i = 0; i < probs.length; i++) {
      expected += probs[i][label];
      observed += targets[i][label] > 0.5f ? 1 : 0;
    }
    return (int) Math.max(0, Math.round(f * expected) - observed);
  }

  /**
   * Targets and known masks with each label's quota of pseudo-positives added and completed upward
   * (copies). Only unknown entries are candidates, so confirmed negatives are never overridden;
   * ties go to the earlier image.
   */
  static PseudoLabels.Result apply(
      PseudoLabels hierarchy, float[][] targets, float[][] known, float[][] probs, double f) {
    int n = targets.length;
    PseudoLabels.Result r = PseudoLabels.Result.copyOf(targets, known);
    float[][] t = r.targets();
    float[][] k = r.known();
    long added = 0;
    int labels = n == 0 ? 0 : targets[0].length;
    for (int c = 0; c < labels; c++) {
      int q = quota(probs, targets, c, f);
      if (q == 0) {
        continue;
      }
      final int label = c;
      List<Integer> unknown = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (known[i][c] < 0.5f) {
          unknown.add(i);
        }
      }
      unknown.sort((a, b) -> Float.compare(probs[b][label], probs[a][label]));
      for (int j = 0; j < Math.min(q, unknown.size()); j++) {
        added += hierarchy.markUp(c, t[unknown.get(j)], k[unknown.get(j)]);
      }
    }
    return r.adding(added);
  }
}
