package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class PseudoLabelsTest {
  // 0 Shapes, 1 Plants | 2 warm (Shapes), 3 cold (Shapes), 4 leaf (Plants) | 5 red, 6 orange
  // (warm), 7 blue (cold), 8 lime (leaf)
  static final Vocabulary TREE =
      Vocabulary.of(
          List.of(
              new LabelDef("Shapes", List.of()),
              new LabelDef("Plants", List.of()),
              new LabelDef("warm", List.of("Shapes")),
              new LabelDef("cold", List.of("Shapes")),
              new LabelDef("leaf", List.of("Plants")),
              new LabelDef("red", List.of("warm")),
              new LabelDef("orange", List.of("warm")),
              new LabelDef("blue", List.of("cold")),
              new LabelDef("lime", List.of("leaf"))));

  @Test
  void treeKnowsParentsAndChildren() {
    assertArrayEquals(new int[] {2, 3}, TREE.children(0));
    assertArrayEquals(new int[] {5, 6}, TREE.children(2));
    assertArrayEquals(new int[] {2}, TREE.parents(6));
    assertArrayEquals(new int[] {}, TREE.children(8));
  }

  @Test
  void guidedDescentGivesAPositiveCategoryItsMostProbableSubcategoryAndEmoji() {
    float[][] t = {{1, 0, 0, 0, 0, 0, 0, 0, 0}};
    float[][] k = {{1, 0, 0, 0, 0, 0, 0, 0, 0}};
    float[][] p = {{0.9f, 0.8f, 0.2f, 0.3f, 0.1f, 0.9f, 0.1f, 0.05f, 0.7f}};
    PseudoLabels.Result r =
        new PseudoLabels(TREE, PseudoLabels.Descent.HARD, Double.NaN).apply(t, k, p);
    // cold (0.3) beats warm (0.2), then blue is cold's only child; Plants is unknown and tau is off
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0}, r.targets()[0]);
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0}, r.known()[0]);
    assertEquals(2, r.added());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0}, t[0], "inputs unchanged");
  }

  @Test
  void softDescentSpreadsTheMissingChildByProbabilityDownToTheLeaves() {
    float[][] t = {{1, 0, 0, 0, 0, 0, 0, 0, 0}};
    float[][] k = {{1, 0, 0, 0, 0, 0, 0, 0, 0}};
    float[][] p = {{0.9f, 0.8f, 0.2f, 0.3f, 0.1f, 0.9f, 0.1f, 0.05f, 0.7f}};
    PseudoLabels.Result r =
        new PseudoLabels(TREE, PseudoLabels.Descent.SOFT, Double.NaN).apply(t, k, p);
    // warm 0.2/0.5 = 0.4, cold 0.3/0.5 = 0.6; red 0.4*0.9/1.0 = 0.36, orange 0.4*0.1/1.0 = 0.04,
    // blue 0.6 (cold's only child); Plants stays unknown
    float[] q = {1, 0, 0.4f, 0.6f, 0, 0.36f, 0.04f, 0.6f, 0};
    assertArrayEquals(q, r.targets()[0], 1e-6f);
    assertArrayEquals(q, r.known()[0], 1e-6f, "each soft positive's remainder stays unknown");
    assertEquals(5, r.added());
  }

  @Test
  void softDescentSkipsConfirmedNegativesAndStopsAtAPresentChild() {
    // Shapes observed with cold a confirmed negative: warm takes the whole mass; Plants observed
    // with leaf present: nothing to add under it
    float[][] t = {{1, 1, 0, 0, 1, 0, 0, 0, 0}};
    float[][] k = {{1, 1, 0, 1, 1, 0, 0, 0, 0}};
    float[][] p = {{0.9f, 0.8f, 0.2f, 0.3f, 0.1f, 0.3f, 0.1f, 0.05f, 0.7f}};
    PseudoLabels.Result r =
        new PseudoLabels(TREE, PseudoLabels.Descent.SOFT, Double.NaN).apply(t, k, p);
    // warm 1; red 0.3/0.4 = 0.75, orange 0.25; leaf's child lime: leaf is positive and observed,
    // so lime (its only child) takes leaf's whole mass
    assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0.75f, 0.25f, 0, 1}, r.targets()[0], 1e-6f);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 0.75f, 0.25f, 0, 1}, r.known()[0], 1e-6f);
  }

  @Test
  void guidedDescentStopsWhereAChildIsAlreadyPositive() {
    float[][] t = {{1, 0, 1, 0, 0, 0, 0, 0, 0}};
    float[][] k = {{1, 0, 1, 0, 0, 0, 0, 0, 0}};
    float[][] p = {{0.9f, 0.1f, 0.2f, 0.9f, 0.1f, 0.2f, 0.6f, 0.9f, 0.1f}};
    PseudoLabels.Result r =
        new PseudoLabels(TREE, PseudoLabels.Descent.HARD, Double.NaN).apply(t, k, p);
    // Shapes already has warm: no new subcategory; warm gets orange (0.6 > 0.2)
    assertArrayEquals(new float[] {1, 0, 1, 0, 0, 0, 1, 0, 0}, r.targets()[0]);
    assertEquals(1, r.added());
  }

  @Test
  void confidentUnknownsBecomePositiveWithTheirAncestorsButConfirmedNegativesStay() {
    float[][] t = {{0, 0, 0, 0, 0, 0, 0, 0, 0}};
    float[][] k = {{0, 0, 0, 0, 0, 0, 0, 1, 0}}; // blue is a confirmed negative
    float[][] p = {{0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.95f, 0.7f}};
    PseudoLabels.Result r = new PseudoLabels(TREE, PseudoLabels.Descent.OFF, 0.6).apply(t, k, p);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 1}, r.targets()[0]);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 1, 1}, r.known()[0]);
    assertEquals(3, r.added());
  }

  @Test
  void weightedMultipliesTheScaleAndCapsItAtAnObservation() {
    // min(1, 3 · 0.05) = 0.15, min(1, 3 · 0.5) = 1, min(1, 3 · 1) = 1
    assertArrayEquals(
        new float[] {0.15f, 1f, 1f},
        PseudoLabels.weighted(new float[] {0.05f, 0.5f, 1f}, 3),
        1e-7f);
  }

  @Test
  void countOnceScalesOnlyThePseudoPositivesByTheLossScale() {
    // observed: Shapes positive, lime a confirmed negative; pseudo: warm 0.4, red 0.36 (soft), cold
    // 1
    float[][] known = {{1, 0, 0, 0, 0, 0, 0, 0, 1}};
    PseudoLabels.Result r =
        new PseudoLabels.Result(
            new float[][] {{1, 0, 0.4f, 1, 0, 0.36f, 0, 0, 0}},
            new float[][] {{1, 0, 0.4f, 1, 0, 0.36f, 0, 0, 1}},
            3);
    float[] scale = {0.5f, 0.5f, 0.2f, 0.2f, 0.2f, 0.05f, 0.05f, 0.05f, 0.05f};
    PseudoLabels.Result once = PseudoLabels.countOnce(r, known, scale);
    // warm 0.4 * 0.2 = 0.08, cold 1 * 0.2 = 0.2, red 0.36 * 0.05 = 0.018; Shapes (observed) and
    // lime (confirmed negative) as they were
    assertArrayEquals(
        new float[] {1, 0, 0.08f, 0.2f, 0, 0.018f, 0, 0, 0}, once.targets()[0], 1e-6f);
    assertArrayEquals(new float[] {1, 0, 0.08f, 0.2f, 0, 0.018f, 0, 0, 1}, once.known()[0], 1e-6f);
    assertEquals(3, once.added());
    assertEquals(0.4f, r.targets()[0][2], "input unchanged");
  }
}
