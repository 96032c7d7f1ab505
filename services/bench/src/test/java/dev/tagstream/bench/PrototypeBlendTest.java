package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PrototypeBlendTest {
  // ObjectLabelsTest's tree: 0 Shapes, 2 warm, 3 cold above the leaves 5 red (warm) and 7 blue
  // (cold). Scene 0's first object is placed as red, its second is free; scene 1's as blue.
  static final float[][][] OBJECTS = {{{1, 0}, {0, 1}}, {{0.6f, 0.8f}}};
  static final int[][] PLACED = {{5, ObjectLabels.NONE}, {7}};

  @Test
  void aPrototypeIsTheUnitMeanOfTheObjectsPlacedOnOrBelowItsLabel() {
    float[][] p = ObjectLabels.prototypes(OBJECTS, PLACED, ObjectLabelsTest.ANCESTORS, 9);
    assertArrayEquals(new float[] {1, 0}, p[5], 1e-6f);
    assertArrayEquals(new float[] {1, 0}, p[2], 1e-6f);
    assertArrayEquals(new float[] {0.6f, 0.8f}, p[3], 1e-6f);
    // Shapes: unit((1, 0) + (0.6, 0.8)) = (1.6, 0.8) / 1.78885
    assertArrayEquals(new float[] {0.8944272f, 0.4472136f}, p[0], 1e-6f);
    assertNull(p[1]); // Plants: nothing placed below it
    assertNull(p[6]);
  }

  @Test
  void scoresAreCosinesStandardisedOverTheTrainingScenes() {
    // training scenes (1, 0) and (0, 2): red's cosines 1 and 0 (mean 0.5, sd 0.5), blue's 0.6 and
    // 0.8 (mean 0.7, sd 0.1)
    PrototypeBlend b =
        PrototypeBlend.fit(
            OBJECTS, PLACED, ObjectLabelsTest.ANCESTORS, 9, new float[][] {{1, 0}, {0, 2}});
    float[] z = b.scores(new float[][] {{3, 4}})[0]; // unit (0.6, 0.8)
    assertEquals((0.6 - 0.5) / 0.5, z[5], 1e-5);
    assertEquals((1.0 - 0.7) / 0.1, z[7], 1e-4);
    assertEquals(0f, z[1]); // no prototype: no opinion
  }

  @Test
  void blendAddsAlphaTimesTheScoreToTheLogit() {
    // σ(logit 0.5 + 0.5 · 3) = σ(1.5) = 0.81757; σ(ln(0.2 / 0.8) + 0.5 · 0.2) = 0.21648; a
    // probability of 0 is clamped to 1e-7 first and keeps it with a zero score
    float[][] out =
        PrototypeBlend.blend(new float[][] {{0.5f, 0.2f, 0f}}, new float[][] {{3, 0.2f, 0}}, 0.5);
    assertArrayEquals(new float[] {0.8175745f, 0.2164807f, 1e-7f}, out[0], 1e-6f);
  }
}
