package dev.tagstream.core.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.LabelDecision;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JudgedPredictionTest {
  private static final JudgedPrediction CAT_DOG =
      new JudgedPrediction("v1", Set.of("cat", "dog"), Set.of());

  @Test
  void eachStateJudgesByTheOneRule() {
    assertEquals(Optional.of(Outcome.TP), CAT_DOG.judge("cat", LabelDecision.POSITIVE).outcome());
    assertEquals(Optional.of(Outcome.FP), CAT_DOG.judge("cat", LabelDecision.NEGATIVE).outcome());
    assertEquals(Optional.of(Outcome.FN), CAT_DOG.judge("owl", LabelDecision.POSITIVE).outcome());
    assertEquals(Optional.of(Outcome.TN), CAT_DOG.judge("owl", LabelDecision.NEGATIVE).outcome());
    assertEquals(Optional.empty(), CAT_DOG.judge("cat", LabelDecision.RETRACTED).outcome());
  }

  @Test
  void aLabelIsJudgedOnlyByTheFirstDecisionAfterThePrediction() {
    JudgedPrediction.Verdict first = CAT_DOG.judge("cat", LabelDecision.POSITIVE);
    assertEquals(Set.of("cat"), first.next().judged());
    JudgedPrediction.Verdict second = first.next().judge("cat", LabelDecision.NEGATIVE);
    assertEquals(Optional.empty(), second.outcome());
    assertEquals(first.next(), second.next());
    assertEquals(CAT_DOG, CAT_DOG.judge("cat", LabelDecision.RETRACTED).next(), "nothing judged");
  }

  @Test
  void tallyGivesPrecisionRecallAndF1FromItsCounts() {
    Tally t = Tally.EMPTY;
    for (Outcome o : new Outcome[] {Outcome.TP, Outcome.TP, Outcome.TP, Outcome.FP, Outcome.FN}) {
      t = t.plus(o);
    }
    t = t.plus(Outcome.TN);
    assertEquals(new Tally(3, 1, 1, 1), t);
    assertEquals(6, t.judged());
    assertEquals(0.75, t.precision());
    assertEquals(0.75, t.recall());
    assertEquals(0.75, t.f1()); // 2*3 / (2*3 + 1 + 1)
    assertEquals(2.0 / 3.0, new Tally(1, 0, 1, 0).f1(), 1e-15); // 2 / (2 + 0 + 1)
    assertEquals(Double.NaN, new Tally(0, 0, 0, 4).f1(), "only negatives: undefined, not zero");
    assertEquals(0.0, new Tally(0, 2, 0, 0).f1());
  }
}
