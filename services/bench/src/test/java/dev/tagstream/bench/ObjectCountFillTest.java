package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ObjectCountFillTest {
  // PseudoLabelsTest.TREE: 0 Shapes, 1 Plants, 2 warm, 3 cold, 4 leaf (Plants), 5 red, 6 orange
  // (warm), 7 blue (cold), 8 lime (leaf); the leaves are 5-8.
  static final PseudoLabels UP =
      new PseudoLabels(PseudoLabelsTest.TREE, PseudoLabels.Descent.OFF, Double.NaN);
  static final boolean[] LEAVES = PseudoLabelsTest.TREE.leaves();

  // image 0 shows 3 objects and observes red (with warm, Shapes); orange is a confirmed negative.
  // image 1 shows 1 object and observes only the category Plants.
  static float[][] targets() {
    float[][] t = new float[2][9];
    t[0][0] = t[0][2] = t[0][5] = 1;
    t[1][1] = 1;
    return t;
  }

  static float[][] known() {
    float[][] k = targets();
    k[0][6] = 1;
    return k;
  }

  static final float[][] PROBS = {
    {0.9f, 0.1f, 0.8f, 0.2f, 0.3f, 0.9f, 0.7f, 0.2f, 0.5f},
    {0.6f, 0.5f, 0.6f, 0.1f, 0.3f, 0.1f, 0.8f, 0.1f, 0.3f}
  };

  @Test
  void theLeavesAreTheLabelsWithoutChildren() {
    assertArrayEquals(
        new boolean[] {false, false, false, false, false, true, true, true, true}, LEAVES);
  }

  @Test
  void missingIsTheObjectCountLessThePositiveLeaves() {
    assertEquals(2, ObjectCountFill.missing(3, targets()[0], LEAVES)); // 3 - red
    assertEquals(1, ObjectCountFill.missing(1, targets()[1], LEAVES)); // Plants is no leaf
    assertEquals(0, ObjectCountFill.missing(0, targets()[0], LEAVES)); // never below 0
  }

  @Test
  void eachImageGetsItsMissingLeavesByProbabilityWithTheirAncestors() {
    PseudoLabels.Result start = PseudoLabels.Result.copyOf(targets(), known());
    PseudoLabels.Result r = ObjectCountFill.fillInPlace(UP, start, PROBS, new int[] {3, 1}, LEAVES);
    // image 0: two missing; orange (0.7) is a confirmed negative, so lime (0.5) then blue (0.2):
    // lime, leaf, Plants and blue, cold
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 1, 1}, r.targets()[0]);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, r.known()[0]);
    // image 1: one missing, the most probable leaf wherever it is: orange (0.8), warm, Shapes
    assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0, 1, 0, 0}, r.targets()[1]);
    assertEquals(8, r.added());
    assertSame(start.targets(), r.targets(), "in place");
  }

  @Test
  void afterTheDescentOnlyWhatTheDescentLeftIsFilled() {
    // the hard descent gives image 1 lime under Plants (2 entries): its one object is accounted for
    PseudoLabels.Result descended =
        new PseudoLabels(PseudoLabelsTest.TREE, PseudoLabels.Descent.HARD, Double.NaN)
            .apply(targets(), known(), PROBS);
    long before = descended.added();
    PseudoLabels.Result r =
        ObjectCountFill.fillInPlace(UP, descended, PROBS, new int[] {3, 1}, LEAVES);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 1}, r.targets()[1]);
    assertEquals(before + 5, r.added(), "image 0 as before: lime and blue, 5 entries");
  }

  @Test
  void precisionIsThePseudoPositiveMassThatIsTrue() {
    // image 0 as filled above gains lime, leaf, Plants, blue, cold; image 1 orange, warm, Shapes.
    // Say the scenes truly show blue (image 0) and lime (image 1): right are blue, cold (image 0)
    // and nothing of image 1's, so 2 of 8 entries; among leaves blue of lime, blue, orange: 1 of 3
    PseudoLabels.Result r =
        ObjectCountFill.fillInPlace(
            UP, PseudoLabels.Result.copyOf(targets(), known()), PROBS, new int[] {3, 1}, LEAVES);
    boolean[][] truth = new boolean[2][9];
    truth[0][0] = truth[0][2] = truth[0][5] = true; // observed red, warm, Shapes
    truth[0][3] = truth[0][7] = true; // cold, blue
    truth[1][1] = truth[1][4] = truth[1][8] = true; // Plants, leaf, lime
    boolean[] every = new boolean[9];
    java.util.Arrays.fill(every, true);
    assertEquals(2.0 / 8, PseudoLabels.precision(r, known(), truth, every), 1e-12);
    assertEquals(1.0 / 3, PseudoLabels.precision(r, known(), truth, LEAVES), 1e-12);
    // a soft pseudo-positive counts by its mass: 0.25 right of 0.25 + 0.75
    PseudoLabels.Result soft =
        new PseudoLabels.Result(
            new float[][] {{0, 0.25f, 0.75f}}, new float[][] {{1, 0.25f, 0.75f}}, 2);
    assertEquals(
        0.25,
        PseudoLabels.precision(
            soft,
            new float[][] {{1, 0, 0}},
            new boolean[][] {{false, true, false}},
            new boolean[] {true, true, true}),
        1e-12);
  }
}
