package dev.tagstream.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  /** The epoch after which a run with these mAPs stops (-1: never), and what was said. */
  private static int stopEpoch(
      int patience, BestEpoch best, int firstEpoch, double[] maps, List<String> said)
      throws Exception {
    List<EpochListener> listeners = List.of(best, new EarlyStopping(patience, best, said::add));
    Epochs run = new Epochs();
    for (int i = 0; i < maps.length; i++) {
      if (FitLoop.endEpoch(listeners, run.end(firstEpoch + i, maps[i]))) {
        return firstEpoch + i;
      }
    }
    return -1;
  }

  @Test
  void stopsWhenPatienceEpochsHavePassedWithoutAGain() throws Exception {
    List<String> said = new ArrayList<>();
    assertEquals(
        2, stopEpoch(2, BestEpoch.none(new byte[0]), 0, new double[] {0.5, 0.4, 0.45, 0.9}, said));
    assertEquals(List.of("early stop: no val mAP gain for 2 epochs"), said);
  }

  @Test
  void aGainRestartsTheCount() throws Exception {
    List<String> said = new ArrayList<>();
    double[] maps = {0.1, 0.2, 0.15, 0.3, 0.25, 0.2, 0.9};
    assertEquals(5, stopEpoch(2, BestEpoch.none(new byte[0]), 0, maps, said));
    assertEquals(1, said.size());
  }

  @Test
  void anEqualMapIsNoGain() throws Exception {
    List<String> said = new ArrayList<>();
    assertEquals(
        1, stopEpoch(1, BestEpoch.none(new byte[0]), 0, new double[] {0.5, 0.5, 0.9}, said));
  }

  @Test
  void neverStopsWhileEveryEpochImproves() throws Exception {
    List<String> said = new ArrayList<>();
    assertEquals(
        -1, stopEpoch(1, BestEpoch.none(new byte[0]), 0, new double[] {0.1, 0.2, 0.3, 0.4}, said));
    assertEquals(List.of(), said);
  }

  @Test
  void countsFromTheBestEpochOfTheRunBeingResumed() throws Exception {
    List<String> said = new ArrayList<>();
    // best was epoch 3 before the restart; epoch 5 is the first this process trains and is worse
    assertEquals(
        5, stopEpoch(2, new BestEpoch(3, 0.6, new byte[0]), 5, new double[] {0.5, 0.7}, said));
  }

  @Test
  void refusesAPatienceBelowOne() {
    BestEpoch best = BestEpoch.none(new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, best, s -> {}));
  }
}
