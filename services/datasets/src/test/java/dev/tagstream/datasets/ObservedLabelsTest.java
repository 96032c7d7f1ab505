package dev.tagstream.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObservedLabelsTest {
  static final List<String> TRUTH = List.of("a", "b", "c", "d");

  @Test
  void fullKeepsEverything() {
    assertEquals(TRUTH, ObservedLabels.parse("full").observe(TRUTH, null, new SplittableRandom(1)));
  }

  @Test
  void singleKeepsExactlyOneDrawnUniformly() {
    ObservedLabels single = ObservedLabels.parse("single");
    SplittableRandom rng = new SplittableRandom(7);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 40_000; i++) {
      List<String> kept = single.observe(TRUTH, null, rng);
      assertEquals(1, kept.size());
      counts.merge(kept.get(0), 1, Integer::sum);
    }
    // Uniform: each of 4 labels ~10,000 times; 3 % tolerance is > 6 standard deviations.
    counts.values().forEach(c -> assertTrue(Math.abs(c - 10_000) < 300, counts.toString()));
  }

  @Test
  void partialKeepsEachWithProbabilityPAndNeverNone() {
    ObservedLabels partial = ObservedLabels.parse("partial:0.3");
    SplittableRandom rng = new SplittableRandom(3);
    long kept = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      List<String> k = partial.observe(TRUTH, null, rng);
      assertTrue(!k.isEmpty() && TRUTH.containsAll(k));
      kept += k.size();
    }
    // E[kept] = 4 * 0.3 + P(none) * 1 = 1.2 + 0.7^4 = 1.4401
    assertEquals(1.4401, kept / (double) n, 0.02);
  }

  @Test
  void salientRevealsOnlyTheLargestObjectWhateverTheRandomStream() {
    ObservedLabels salient = ObservedLabels.parse("salient");
    for (int seed = 0; seed < 20; seed++) {
      assertEquals(List.of("c"), salient.observe(TRUTH, "c", new SplittableRandom(seed)));
    }
  }

  @Test
  void salientWithoutTheLargestObjectAmongTheLabelsIsRefused() {
    ObservedLabels salient = ObservedLabels.parse("salient");
    assertThrows(
        DatasetException.class, () -> salient.observe(TRUTH, null, new SplittableRandom(1)));
    assertThrows(
        DatasetException.class, () -> salient.observe(TRUTH, "z", new SplittableRandom(1)));
  }

  @Test
  void sameSeedSameDraws() {
    ObservedLabels p = ObservedLabels.parse("partial:0.5");
    assertEquals(
        p.observe(TRUTH, null, new SplittableRandom(11)),
        p.observe(TRUTH, null, new SplittableRandom(11)));
  }

  @Test
  void badSpecsSayWhatToUse() {
    assertEquals(
        "--observed some: use full, single, salient or partial:P (e.g. partial:0.3)",
        assertThrows(DatasetException.class, () -> ObservedLabels.parse("some")).getMessage());
    assertThrows(DatasetException.class, () -> ObservedLabels.parse("partial:1.5"));
    assertThrows(DatasetException.class, () -> ObservedLabels.parse("partial:x"));
  }
}
