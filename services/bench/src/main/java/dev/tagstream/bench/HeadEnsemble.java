package dev.tagstream.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The best few heads of a grid, by validation, averaged. Self-training's grid points are close on
 * validation (within 0.005 mAP at 40,000 scenes) and differ in which pseudo-positives they trust,
 * so the choice among them is partly noise; an average of the best few keeps what they agree on.
 * Holds at most {@code size} members at a time.
 */
final class HeadEnsemble {
  /** One head's validation score, probabilities ({val, test}) and grid point. */
  record Member(double valScore, float[][][] probs, Candidate candidate) {}

  private final int size;
  private final List<Member> best = new ArrayList<>();

  HeadEnsemble(int size) {
    this.size = size;
  }

  /** Offers a head; kept while it is among the {@code size} best so far (NaN never is). */
  void offer(Member m) {
    if (Double.isNaN(m.valScore()) || m.probs() == null) {
      return;
    }
    best.add(m);
    best.sort(Comparator.comparingDouble(Member::valScore).reversed());
    if (best.size() > size) {
      best.remove(best.size() - 1);
    }
  }

  /** The members, best first; the ensemble exists once there are {@code size} of them. */
  List<Member> members() {
    return List.copyOf(best);
  }

  /**
   * The best member's learning rate: what the ensemble's row names (the members' own points are
   * logged).
   */
  double bestLearningRate() {
    return best.get(0).candidate().learningRate();
  }

  boolean complete() {
    return best.size() == size;
  }

  /** The members' {val, test} probabilities averaged. */
  float[][][] probs() {
    float[][][] out = new float[2][][];
    for (int s = 0; s < 2; s++) {
      final int set = s;
      out[s] = mean(best.stream().map(m -> m.probs()[set]).toList());
    }
    return out;
  }

  // p̄_il = (1/K) Σ_k p^(k)_il
  static float[][] mean(List<float[][]> members) {
    float[][] first = members.get(0);
    float[][] out = new float[first.length][first[0].length];
    for (float[][] p : members) {
      for (int i = 0; i < out.length; i++) {
        for (int l = 0; l < out[i].length; l++) {
          out[i][l] += p[i][l];
        }
      }
    }
    for (float[] row : out) {
      for (int l = 0; l < row.length; l++) {
        row[l] /= members.size();
      }
    }
    return out;
  }
}
