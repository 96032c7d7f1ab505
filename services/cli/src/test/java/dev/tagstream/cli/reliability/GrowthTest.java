package dev.tagstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrowthTest {
  @Test
  void aSteadyLeakFailsEvenWhenSmallAgainstItsLevel() {
    // 100, 102, ..., 116: rises 2 a sample, so 2 × (9-1)/3 = 5.33 over each third
    double[] leak = {100, 102, 104, 106, 108, 110, 112, 114, 116};
    Growth.Verdict v = Growth.judge(leak, 0.01, 2);
    assertEquals(16.0 / 3, v.lastThirdRise(), 1e-9);
    assertEquals(16.0 / 3, v.firstThirdRise(), 1e-9);
    assertEquals(2, v.allowance(), 1e-9); // 1 % of the peak 116 is 1.16, less than the floor 2
    assertFalse(v.bounded());
  }

  @Test
  void warmUpThatLevelsOffIsBounded() {
    // threads of a service filling its pools: 35 → 183, then flat with ±1 noise
    double[] threads = {35, 120, 183, 184, 183, 182, 183, 184, 183};
    Growth.Verdict v = Growth.judge(threads, 0.10, 8);
    assertEquals(35, v.start());
    assertEquals(184, v.peak());
    assertEquals(183, v.end());
    assertEquals(74 * 8 / 3.0, v.firstThirdRise(), 1e-9); // slope (183-35)/2 per step
    assertEquals(0, v.lastThirdRise(), 1e-9); // 183, 184, 183: no trend
    assertEquals(18.4, v.allowance(), 1e-9);
    assertTrue(v.bounded());
  }

  @Test
  void aRiseLateInTheRunFailsThoughTheStartWasFlat() {
    double[] late = {50, 50, 50, 50, 50, 50, 60, 80, 100};
    Growth.Verdict v = Growth.judge(late, 0.10, 5);
    assertEquals(0, v.firstThirdRise(), 1e-9);
    assertEquals(20 * 8 / 3.0, v.lastThirdRise(), 1e-9);
    assertFalse(v.bounded());
  }

  @Test
  void aFigureThatFallsAtTheEndIsBounded() {
    double[] v = {10, 40, 80, 90, 95, 96, 90, 70, 50};
    assertTrue(Growth.judge(v, 0.0, 0).bounded());
  }

  @Test
  void tooFewSamplesCannotShowAFigureIsBounded() {
    Growth.Verdict v = Growth.judge(new double[] {1, 1, 1, Double.NaN, 1, 1}, 0.10, 8);
    assertEquals(5, v.samples());
    assertFalse(v.bounded());
    assertEquals("5 samples, too few to judge (at least 6)", v.describe("%.0f"));
  }

  @Test
  void unreadSamplesAreSkipped() {
    double[] v = {10, Double.NaN, 10, 10, 10, Double.NaN, 10, 10, 10};
    Growth.Verdict g = Growth.judge(v, 0, 0);
    assertEquals(7, g.samples());
    assertEquals(0, g.lastThirdRise(), 1e-9);
    assertTrue(g.bounded());
  }

  @Test
  void aHeapSawtoothWithMinutesBetweenCollectionsIsBoundedByItsLowestValues() {
    // worker-0's heap (MiB) in the first real soak, every 30 s: collections minutes apart
    double[] heap = {
      41, 36, 47, 42, 21, 146, 114, 113, 85, 92, 95, 81, 65, 34, 33, 36, 29, 31, 27, 35, 33, 148,
      162, 132, 147, 135, 140, 156, 128, 151, 144, 161, 28, 31, 44, 37, 166, 29, 19, 33, 32, 142,
      147, 136, 131, 146, 111, 101, 67, 71, 73, 65, 62, 37, 54, 57, 32, 35, 152, 156, 157, 130, 136,
      109, 122, 125, 121, 140, 151, 152
    };
    assertFalse(Growth.judge(heap, 0.10, 32).bounded(), "its trend ends on a rising saw");
    Growth.Verdict v = Growth.judgeLowest(heap, 0.10, 32);
    assertEquals(19 - 21, v.firstThirdRise(), 1e-9); // lowest 21 in the first third, 19 middle
    assertEquals(32 - 19, v.lastThirdRise(), 1e-9);
    assertTrue(v.bounded());
  }

  @Test
  void aHeapWhoseLowestValueKeepsRisingFails() {
    // a leak: every collection leaves 20 MiB more behind
    double[] heap = {30, 200, 50, 220, 70, 240, 90, 260, 110, 280, 130, 300};
    Growth.Verdict v = Growth.judgeLowest(heap, 0.10, 16);
    assertEquals(40, v.firstThirdRise(), 1e-9); // lowest 30, then 70, then 110
    assertEquals(40, v.lastThirdRise(), 1e-9);
    assertEquals(30, v.allowance(), 1e-9);
    assertFalse(v.bounded());
    assertEquals(
        "start 30, peak 300, end 300; lowest value from the first to the middle third +40,"
            + " from the middle to the last third +40 (allowed 30)",
        v.describe("%.0f"));
  }

  @Test
  void describeNamesStartPeakEndAndBothThirds() {
    Growth.Verdict v =
        Growth.judge(new double[] {35, 120, 183, 184, 183, 182, 183, 184, 183}, 0.1, 8);
    assertEquals(
        "start 35, peak 184, end 183; trend over the first third +197, last third +0 (allowed 18)",
        v.describe("%.0f"));
  }
}
