package dev.tagstream.cli.demo;

import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A reviewer who knows each scene's full labels: confirms or rejects the model's top labels and
 * adds true labels the model missed, as a person using the review queue would. Pure: the same
 * prediction gives the same decisions.
 */
final class SimulatedReviewer {
  /** One decision for the {@code labels} topic. */
  record Decision(String imageId, String label, String state) {}

  private final int judgeTop;
  private final int addMissing;

  SimulatedReviewer(int judgeTop, int addMissing) {
    this.judgeTop = judgeTop;
    this.addMissing = addMissing;
  }

  /**
   * @param leaves the scene's emoji labels (most specific first to add); @param truth every true
   *     label
   */
  List<Decision> review(Prediction p, Set<String> truth, List<String> leaves) {
    List<Decision> out = new ArrayList<>();
    List<LabelScore> top = p.getLabels();
    for (int i = 0; i < Math.min(judgeTop, top.size()); i++) {
      String label = top.get(i).getLabel();
      out.add(new Decision(p.getId(), label, truth.contains(label) ? "positive" : "negative"));
    }
    int added = 0;
    for (String leaf : leaves) {
      if (added == addMissing) {
        break;
      }
      boolean predicted = top.stream().anyMatch(s -> s.getLabel().equals(leaf));
      if (!predicted) {
        out.add(new Decision(p.getId(), leaf, "positive"));
        added++;
      }
    }
    return out;
  }
}
