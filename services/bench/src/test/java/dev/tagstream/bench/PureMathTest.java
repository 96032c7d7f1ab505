package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.loss.LossSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PureMathTest {
  @Test
  void gapRecoveryIsTheShareOfTheAssumeNegativeGapClosed() {
    assertEquals(0.5, GapRecovery.of(0.10, 0.08, 0.12), 1e-12);
    assertEquals(1.0, GapRecovery.of(0.12, 0.08, 0.12), 1e-12);
    assertEquals(0.0, GapRecovery.of(0.08, 0.08, 0.12), 1e-12);
    assertEquals(-0.25, GapRecovery.of(0.07, 0.08, 0.12), 1e-12);
    assertEquals(1.5, GapRecovery.of(0.14, 0.08, 0.12), 1e-12);
  }

  @Test
  void gapRecoveryIsNaNWithoutAGap() {
    assertTrue(Double.isNaN(GapRecovery.of(0.1, 0.12, 0.12)));
    assertTrue(Double.isNaN(GapRecovery.of(0.1, 0.13, 0.12)));
  }

  @Test
  void gridSelectionTakesTheHighestValidationScoreFirstOnTiesAndSkipsNaN() {
    Trial a = trial(0.01, 0.20);
    Trial b = trial(0.03, Double.NaN);
    Trial c = trial(0.1, 0.25);
    Trial d = trial(0.3, 0.25);
    assertSame(c, GridSelection.best(List.of(a, b, c, d)));
    assertSame(a, GridSelection.best(List.of(b, a)));
    assertThrows(IllegalArgumentException.class, () -> GridSelection.best(List.of(b)));
  }

  @Test
  void seedStatsUseTheSampleStandardDeviation() {
    SeedStats s = SeedStats.of(List.of(0.10, 0.12));
    assertEquals(0.11, s.mean(), 1e-12);
    assertEquals(Math.sqrt(0.0002), s.sd(), 1e-12);
    assertEquals(0.0, SeedStats.of(List.of(0.3)).sd());
    SeedStats three = SeedStats.of(List.of(1.0, 2.0, 6.0));
    assertEquals(3.0, three.mean(), 1e-12);
    assertEquals(Math.sqrt(7.0), three.sd(), 1e-12);
  }

  @Test
  void candidateDescribesEverythingSelected() {
    Candidate c =
        new Candidate(
            "st",
            new LossSpec("ll-r", Map.of("delta", 0.16 / 2020, "max", 0.5)),
            0.03,
            Map.of("tau", 0.6, "guided", 1.0));
    assertEquals("lr=0.03 loss=ll-r delta=7.921e-05 max=0.5 guided=1 tau=0.6", c.describe());
    assertEquals("lr=0.1 loss=an", new Candidate("an", LossSpec.of("an"), 0.1).describe());
  }

  private static Trial trial(double lr, double score) {
    return new Trial(new Candidate("an", LossSpec.of("an"), lr), score);
  }
}
