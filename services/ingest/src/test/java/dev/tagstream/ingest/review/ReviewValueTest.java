package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReviewValueTest {
  @Test
  void uncertaintyIsOneOnTheThresholdAndFallsWithTheMarginScaledByTheLargerSide() {
    assertEquals(1.0, ReviewValue.uncertainty(0.5, 0.5), 1e-12);
    assertEquals(0.8, ReviewValue.uncertainty(0.6, 0.5), 1e-12); // 1 - 0.1 / 0.5
    assertEquals(0.875, ReviewValue.uncertainty(0.9, 0.8), 1e-12); // 1 - 0.1 / 0.8
    assertEquals(0.0625, ReviewValue.uncertainty(0.05, 0.8), 1e-12); // 1 - 0.75 / 0.8
    assertEquals(0.0, ReviewValue.uncertainty(1.0, 0.5), 1e-12);
    assertEquals(1 - 0.07 / 0.6, ReviewValue.uncertainty(0.33, 0.4), 1e-12);
  }

  @Test
  void aThresholdNeverReachedMakesUncertaintyTheProbabilityItself() {
    assertEquals(0.3, ReviewValue.uncertainty(0.3, 1.0), 1e-12);
  }

  @Test
  void clampsOutOfRangeInputsAndTreatsNanAsZero() {
    assertEquals(0.0, ReviewValue.uncertainty(1.7, 0.5), 1e-12);
    assertEquals(0.0, ReviewValue.uncertainty(Double.NaN, 0.5), 1e-12);
    assertEquals(1.0, ReviewValue.uncertainty(-0.2, 0.0), 1e-12);
  }

  @Test
  void anUntrustedThresholdWeighsHalfAsMuchAgain() {
    assertEquals(0.8, ReviewValue.value(0.6, 0.5, 0), 1e-12);
    assertEquals(1.2, ReviewValue.value(0.6, 0.5, 1), 1e-12);
    assertEquals(1.0, ReviewValue.value(0.6, 0.5, 0.5), 1e-12);
    assertEquals(1.2, ReviewValue.value(0.6, 0.5, 3), 1e-12); // doubt clamped to 1
  }
}
