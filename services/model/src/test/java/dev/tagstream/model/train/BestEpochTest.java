package dev.tagstream.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BestEpochTest {

  @Test
  void keepsTheHighestMapAndOnATieTheEarlierEpoch() {
    BestEpoch best = BestEpoch.none(new byte[] {42});
    Epochs run = new Epochs();
    double[] maps = {0.30, 0.50, 0.50, 0.40};
    for (int e = 0; e < maps.length; e++) {
      best.onEpoch(run.end(e, maps[e]));
    }
    assertEquals(1, best.epoch());
    assertEquals(0.50, best.map());
    assertArrayEquals(Epochs.weights(1), best.weights());
    assertArrayEquals(new float[] {0.50f}, best.valProbs()[0]);
  }

  @Test
  void serialisesTheWeightsOnlyWhenAnEpochImproves() {
    BestEpoch best = BestEpoch.none(new byte[] {42});
    Epochs run = new Epochs();
    double[] maps = {0.1, 0.3, 0.2, 0.3, 0.31};
    for (int e = 0; e < maps.length; e++) {
      best.onEpoch(run.end(e, maps[e]));
    }
    assertEquals(3, run.weightReads); // epochs 0, 1 and 4
    assertEquals(4, best.epoch());
  }

  @Test
  void beforeAnyEpochTheStartingWeightsStandInAndTheFirstEpochWinsWhateverItsMap() {
    BestEpoch best = BestEpoch.none(new byte[] {42});
    assertEquals(-1, best.epoch());
    assertEquals(Double.NEGATIVE_INFINITY, best.map());
    assertArrayEquals(new byte[] {42}, best.weights());
    assertNull(best.valProbs());

    best.onEpoch(new Epochs().end(0, Double.NaN));
    assertEquals(0, best.epoch());
    assertArrayEquals(Epochs.weights(0), best.weights());
  }

  @Test
  void aResumedBestMustBeBeatenAndKeepsNoProbabilitiesUntilItIs() {
    BestEpoch best = new BestEpoch(3, 0.60, new byte[] {7});
    Epochs run = new Epochs();
    best.onEpoch(run.end(4, 0.55));
    assertEquals(3, best.epoch());
    assertArrayEquals(new byte[] {7}, best.weights());
    assertNull(best.valProbs()); // the loop then recomputes them from the best weights

    best.onEpoch(run.end(5, 0.61));
    assertEquals(5, best.epoch());
    assertEquals(0.61, best.map());
  }
}
