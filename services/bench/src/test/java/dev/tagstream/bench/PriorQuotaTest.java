package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PriorQuotaTest {
  // five images; only blue (7, under cold 3 under Shapes 0) has probability. Image 0 observes blue
  // (with its ancestors), image 3 has blue as a confirmed negative.
  static final float[] BLUE = {0.9f, 0.6f, 0.8f, 0.5f, 0.7f};

  static float[][] targets() {
    float[][] t = new float[5][9];
    t[0][0] = 1;
    t[0][3] = 1;
    t[0][7] = 1;
    return t;
  }

  static float[][] known() {
    float[][] k = targets();
    k[3][7] = 1;
    return k;
  }

  static float[][] probs() {
    float[][] p = new float[5][9];
    for (int i = 0; i < 5; i++) {
      p[i][7] = BLUE[i];
    }
    return p;
  }

  @Test
  void theQuotaIsTheExpectedCountLessTheObservedPositives() {
    // sum p = 3.5: f = 1 gives round(3.5) - 1 = 3, f = 0.5 round(1.75) - 1 = 1; Shapes: 0 - 1 -> 0
    assertEquals(3, PriorQuota.quota(probs(), targets(), 7, 1.0));
    assertEquals(1, PriorQuota.quota(probs(), targets(), 7, 0.5));
    assertEquals(0, PriorQuota.quota(probs(), targets(), 0, 1.0));
  }

  @Test
  void theMostProbableUnknownImagesBecomePositiveWithTheirAncestors() {
    PseudoLabels up = new PseudoLabels(PseudoLabelsTest.TREE, PseudoLabels.Descent.OFF, Double.NaN);
    float[] blue = {1, 0, 0, 1, 0, 0, 0, 1, 0};
    float[] none = new float[9];

    // quota 1: image 2 (0.8), not 4 (0.7) or 1 (0.6); blue, cold and Shapes are added
    PseudoLabels.Result half = PriorQuota.apply(up, targets(), known(), probs(), 0.5);
    assertArrayEquals(blue, half.targets()[2]);
    assertArrayEquals(blue, half.known()[2]);
    assertArrayEquals(none, half.targets()[4]);
    assertEquals(3, half.added());

    // quota 3: images 2, 4 and 1; image 3's confirmed negative (0.5) is never a candidate
    PseudoLabels.Result full = PriorQuota.apply(up, targets(), known(), probs(), 1.0);
    for (int i : new int[] {1, 2, 4}) {
      assertArrayEquals(blue, full.targets()[i], "image " + i);
    }
    assertArrayEquals(none, full.targets()[3]);
    assertEquals(1f, full.known()[3][7]);
    assertEquals(9, full.added());
    assertArrayEquals(blue, full.targets()[0], "the observed image as it was");
  }
}
