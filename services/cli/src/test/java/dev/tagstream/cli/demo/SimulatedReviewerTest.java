package dev.tagstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedReviewerTest {
  static Prediction predicted(String... labels) {
    Prediction p = ContractSamples.prediction("img");
    p.setLabels(java.util.Arrays.stream(labels).map(l -> new LabelScore(l, 0.9f)).toList());
    return p;
  }

  @Test
  void judgesTopLabelsAgainstTheTruthAndAddsMissedLeaves() {
    SimulatedReviewer r = new SimulatedReviewer(2, 1);
    var d =
        r.review(
            predicted("cat", "dog", "bird"),
            Set.of("cat", "animal", "fish"),
            List.of("fish", "cat"));
    assertEquals(
        List.of(
            new SimulatedReviewer.Decision("img", "cat", "positive"),
            new SimulatedReviewer.Decision("img", "dog", "negative"),
            new SimulatedReviewer.Decision("img", "fish", "positive")),
        d);
  }

  @Test
  void addsNothingTheModelAlreadyPredicted() {
    SimulatedReviewer r = new SimulatedReviewer(5, 5);
    var d = r.review(predicted("cat"), Set.of("cat"), List.of("cat"));
    assertEquals(List.of(new SimulatedReviewer.Decision("img", "cat", "positive")), d);
  }
}
