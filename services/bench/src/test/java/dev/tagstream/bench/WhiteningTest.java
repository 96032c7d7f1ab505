package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WhiteningTest {
  // label 0: (1, 1) and (3, 3), mean (2, 2), deviations ±(1, 1); label 1: (0, 0) and (2, 0), mean
  // (1, 0), deviations ±(1, 0); label 2 has one object (left out); one object unlabelled
  static final float[][][] OBJECTS = {
    {{1, 1}, {0, 0}},
    {{3, 3}, {2, 0}, {5, -7}},
    {{9, 9}}
  };
  static final int[][] LABELS = {{0, 1}, {0, 1, 2}, {-1}};

  @Test
  void withinScatterAveragesTheDeviationsOfLabelsWithTwoObjects() {
    // ((1,1)(1,1)ᵀ·2 + (1,0)(1,0)ᵀ·2) / 4 = [[4, 2], [2, 2]] / 4
    double[][] s = Whitening.withinScatter(OBJECTS, LABELS);
    assertArrayEquals(new double[] {1.0, 0.5}, s[0], 1e-12);
    assertArrayEquals(new double[] {0.5, 0.5}, s[1], 1e-12);
  }

  @Test
  void shrinkageMovesTowardTheMeanVarianceTimesIdentity() {
    // tr = 1.5, d = 2: 0.5 S + 0.5 · 0.75 I
    double[][] s = Whitening.shrunk(new double[][] {{1.0, 0.5}, {0.5, 0.5}}, 0.5);
    assertArrayEquals(new double[] {0.875, 0.25}, s[0], 1e-12);
    assertArrayEquals(new double[] {0.25, 0.625}, s[1], 1e-12);
  }

  @Test
  void choleskyAndItsInverseByHand() {
    // [[1, .5], [.5, .5]] = L Lᵀ with L = [[1, 0], [.5, .5]]; L⁻¹ = [[1, 0], [-1, 2]]
    double[][] l = Whitening.cholesky(new double[][] {{1.0, 0.5}, {0.5, 0.5}});
    assertArrayEquals(new double[] {1, 0}, l[0], 1e-12);
    assertArrayEquals(new double[] {0.5, 0.5}, l[1], 1e-12);
    double[][] inv = Whitening.inverseLower(l);
    assertArrayEquals(new double[] {1, 0}, inv[0], 1e-12);
    assertArrayEquals(new double[] {-1, 2}, inv[1], 1e-12);
    assertThrows(
        IllegalArgumentException.class, () -> Whitening.cholesky(new double[][] {{1, 1}, {1, 1}}));
  }

  @Test
  void applyWhitensThenScalesToUnitLength() {
    // unshrunk: W = L⁻¹ above; W (3, 3) = (3, 3) → unit (0.7071, 0.7071); W (2, 0) = (2, -2)
    float[][][] w = Whitening.fit(OBJECTS, LABELS, 0).apply(OBJECTS);
    double r = Math.sqrt(0.5);
    assertArrayEquals(new float[] {(float) r, (float) r}, w[1][0], 1e-6f);
    assertArrayEquals(new float[] {(float) r, (float) -r}, w[1][1], 1e-6f);
    // W (1, 1) = (1, 1): label 0's objects lie on one line through 0, so they coincide
    assertArrayEquals(w[0][0], w[1][0], 1e-6f);
  }

  @Test
  void centredSubtractsTheMeanOfAllObjects() {
    // mean of (1,1), (0,0), (3,3), (2,0), (5,-7), (9,9) = (20/6, 6/6)
    float[][][] c = Whitening.centred(OBJECTS);
    double dx = 9 - 20.0 / 6;
    double dy = 9 - 1.0;
    double n = Math.hypot(dx, dy);
    assertArrayEquals(new float[] {(float) (dx / n), (float) (dy / n)}, c[2][0], 1e-6f);
    assertEquals(3, c[1].length);
  }

  @Test
  void refusesWhenNoLabelHasTwoObjects() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Whitening.withinScatter(new float[][][] {{{1, 0}}, {{0, 1}}}, new int[][] {{0}, {1}}));
  }
}
