package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.Judgement.Tally;
import org.junit.jupiter.api.Test;

class JudgementTest {
  @Test
  void everyCombinationHasItsCase() {
    assertEquals(Judgement.TP, Judgement.of(true, true));
    assertEquals(Judgement.FP, Judgement.of(true, false));
    assertEquals(Judgement.FN, Judgement.of(false, true));
    assertEquals(Judgement.TN, Judgement.of(false, false));
  }

  @Test
  void precisionAndRecallFromHandCountedCases() {
    // 3 TP, 1 FP, 2 FN, 4 TN: precision 3/4, recall 3/5
    Tally t = Tally.ZERO;
    for (Judgement j :
        new Judgement[] {
          Judgement.TP,
          Judgement.TP,
          Judgement.TP,
          Judgement.FP,
          Judgement.FN,
          Judgement.FN,
          Judgement.TN,
          Judgement.TN,
          Judgement.TN,
          Judgement.TN
        }) {
      t = t.plus(j);
    }
    assertEquals(new Tally(3, 1, 2, 4), t);
    assertEquals(0.75, t.precision(), 0.0);
    assertEquals(0.6, t.recall(), 0.0);
    assertEquals(10, t.total());
    assertEquals(new Tally(4, 1, 2, 6), t.plus(new Tally(1, 0, 0, 2)));
  }

  @Test
  void withoutADenominatorTheRatesAreNotANumber() {
    assertTrue(Double.isNaN(Tally.ZERO.precision()));
    assertTrue(Double.isNaN(Tally.ZERO.recall()));
    // only negatives judged: nothing predicted, nothing positive
    Tally negatives = new Tally(0, 0, 0, 7);
    assertTrue(Double.isNaN(negatives.precision()));
    assertTrue(Double.isNaN(negatives.recall()));
  }
}
