package dev.tagstream.model.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchySmoothingTest {
  // 0 category, 1 subcategory (parent 0), 2 emoji (parent 1), 3 a second emoji (parent 1)
  static final Vocabulary TREE =
      Vocabulary.of(
          List.of(
              new LabelDef("cat", List.of()),
              new LabelDef("sub", List.of("cat")),
              new LabelDef("emoji", List.of("sub")),
              new LabelDef("emoji2", List.of("sub"))));

  @Test
  void ancestorsAreParentsThenTheirParentsEachOnce() {
    int[][] a = TREE.ancestors();
    assertArrayEquals(new int[] {}, a[0]);
    assertArrayEquals(new int[] {0}, a[1]);
    assertArrayEquals(new int[] {1, 0}, a[2]);
    // a label with two parents that share an ancestor lists that ancestor once
    Vocabulary diamond =
        Vocabulary.of(
            List.of(
                new LabelDef("top", List.of()),
                new LabelDef("l", List.of("top")),
                new LabelDef("r", List.of("top")),
                new LabelDef("both", List.of("l", "r"))));
    assertArrayEquals(new int[] {1, 2, 0}, diamond.ancestors()[3]);
  }

  @Test
  void scoresAreMultipliedByAncestorsToThePowerGamma() {
    int[][] anc = TREE.ancestors();
    float[] p = {0.5f, 0.4f, 0.2f, 0.1f};
    // gamma 1: 0.5; 0.4 * 0.5 = 0.2; 0.2 * 0.4 * 0.5 = 0.04; 0.1 * 0.2 = 0.02
    assertArrayEquals(
        new float[] {0.5f, 0.2f, 0.04f, 0.02f}, HierarchySmoothing.apply(p, anc, 1.0), 1e-7f);
    // gamma 0.5: 0.4 * sqrt(0.5) = 0.28284271; 0.2 * sqrt(0.2) = 0.08944272; 0.1 * sqrt(0.2) =
    // 0.04472136
    assertArrayEquals(
        new float[] {0.5f, 0.28284271f, 0.08944272f, 0.04472136f},
        HierarchySmoothing.apply(p, anc, 0.5),
        1e-7f);
    assertSame(p, HierarchySmoothing.apply(p, anc, 0.0));
  }

  @Test
  void gammaIsChosenOnValidationAndZeroUnlessItHelps() {
    // emoji's own scores rank image 1 (no emoji) above image 0 (emoji): AP 0.5; its parent knows
    // better
    float[][] probs = {{0.9f, 0.9f, 0.3f, 0.1f}, {0.9f, 0.1f, 0.4f, 0.1f}};
    boolean[][] truth = {{true, true, true, false}, {true, false, false, true}};
    // gamma 0: emoji AP 0.5; from 0.5 on image 0 leads for emoji (0.3 * 0.81^g > 0.4 * 0.09^g): AP
    // 1. emoji2 ties
    // at gamma 0 and has its positive last after, and cat and sub stay at AP 1, so 0.5 is the first
    // best gamma
    assertEquals(0.5, HierarchySmoothing.select(probs, truth, TREE.ancestors()));
    // scores that already rank perfectly: nothing to gain, so no smoothing
    float[][] clean = {{0.9f, 0.9f, 0.9f, 0.1f}, {0.9f, 0.1f, 0.1f, 0.9f}};
    assertEquals(0.0, HierarchySmoothing.select(clean, truth, TREE.ancestors()));
    Vocabulary flat =
        Vocabulary.of(
            List.of(
                new LabelDef("a", List.of()),
                new LabelDef("b", List.of()),
                new LabelDef("c", List.of()),
                new LabelDef("d", List.of())));
    assertEquals(0.0, HierarchySmoothing.select(probs, truth, flat.ancestors()));
  }
}
