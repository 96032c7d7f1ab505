package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectLabelsTest {
  // PseudoLabelsTest.TREE: 0 Shapes, 1 Plants, 2 warm, 3 cold, 4 leaf (Plants), 5 red, 6 orange
  // (warm), 7 blue (cold), 8 lime (leaf); the leaves are 5-8.
  static final boolean[] LEAVES = PseudoLabelsTest.TREE.leaves();
  static final int N = ObjectLabels.NONE;

  static final int[][] ANCESTORS = PseudoLabelsTest.TREE.ancestors();

  // scene 0: one object, observes red; scene 1: one object, observes blue; scene 2: two objects,
  // observes red; scenes 3 and 4: two objects, observe only Plants, and scene 4 knows blue is
  // absent; scene 5: one object, observes only warm
  static final float[][][] OBJECTS = {
    {{1, 0}},
    {{0, 1}},
    {{0.6f, 0.8f}, {0.8f, 0.6f}},
    {{0, 1}, {1, 0}},
    {{0, 1}, {1, 0}},
    {{0.3f, 0.9539392f}}
  };

  static float[][] targets() {
    float[][] t = new float[6][9];
    t[0][5] = t[0][2] = t[0][0] = 1;
    t[1][7] = t[1][3] = t[1][0] = 1;
    t[2][5] = t[2][2] = t[2][0] = 1;
    t[3][1] = 1;
    t[4][1] = 1;
    t[5][2] = t[5][0] = 1;
    return t;
  }

  static float[][] known() {
    float[][] k = targets();
    k[4][7] = 1;
    return k;
  }

  @Test
  void unitDividesByTheNormAndLeavesZeroAlone() {
    assertArrayEquals(new float[] {0.6f, 0.8f}, ObjectLabels.unit(new float[] {3, 4}), 1e-7f);
    assertArrayEquals(new float[] {0, 0}, ObjectLabels.unit(new float[] {0, 0}));
  }

  @Test
  void oneObjectScenesNameTheirObjectAndTheirPrototypesPlaceTheRest() {
    int[][] a = ObjectLabels.assign(OBJECTS, targets(), LEAVES, 0);
    // scene 2: red's prototype from scene 0 is (1, 0): cos 0.6 with (0.6, 0.8), 0.8 with (0.8, 0.6)
    assertArrayEquals(
        new int[][] {{5}, {7}, {N, 5}, {N, N}, {N, N}, {N}}, a, "scenes 3-5 observe no leaf");
  }

  @Test
  void aLeafNoOneObjectSceneShowedGoesToTheLargestFreeObject() {
    float[][] t = new float[1][9];
    t[0][8] = t[0][4] = t[0][1] = 1; // lime, under leaf, under Plants
    int[][] a = ObjectLabels.assign(new float[][][] {{{0, 1}, {1, 0}}}, t, LEAVES, 0);
    assertArrayEquals(new int[][] {{8, N}}, a);
  }

  @Test
  void aPrototypeIsTheUnitMeanOfItsObjects() {
    int[][] a = ObjectLabels.assign(OBJECTS, targets(), LEAVES, 0);
    float[][] p = ObjectLabels.prototypes(OBJECTS, a, 9);
    // red: unit((1, 0) + (0.8, 0.6)) = (1.8, 0.6) / √3.6 = (0.948683, 0.316228)
    assertArrayEquals(new float[] {0.948683f, 0.316228f}, p[5], 1e-6f);
    assertArrayEquals(new float[] {0, 1}, p[7], 1e-7f);
    assertNull(p[6], "orange: no object");
    assertNull(p[0], "Shapes is never assigned: only leaves are");
  }

  @Test
  void laterRoundsPlaceTheLeavesByThePrototypesOfEveryAssignedObject() {
    // scene 0 shows red (1, 0), scene 1 blue (0.6, 0.8); scene 2 observes red and blue on
    // x = (0.8, 0.6) and y = (0, 1); scene 3 observes blue on u = (0, 1) and v = (1, 0)
    float[][][] objects = {{{1, 0}}, {{0.6f, 0.8f}}, {{0.8f, 0.6f}, {0, 1}}, {{0, 1}, {1, 0}}};
    float[][] t = new float[4][9];
    t[0][5] = t[0][2] = t[0][0] = 1;
    t[1][7] = t[1][3] = t[1][0] = 1;
    t[2][5] = t[2][2] = t[2][7] = t[2][3] = t[2][0] = 1;
    t[3][7] = t[3][3] = t[3][0] = 1;
    // round 0, one-object prototypes: blue·x = 0.96 is the best pair, so red gets y; u gets blue
    assertArrayEquals(
        new int[][] {{5}, {7}, {7, 5}, {7, N}}, ObjectLabels.assign(objects, t, LEAVES, 0));
    // round 1: red = unit((1, 0) + y) = (0.7071, 0.7071), blue = unit((0.6, 0.8) + x + u) =
    // (0.5039, 0.8638): red·x = 0.98995 beats blue·x = 0.9214, so x is red and y blue
    assertArrayEquals(
        new int[][] {{5}, {7}, {5, 7}, {7, N}}, ObjectLabels.assign(objects, t, LEAVES, 1));
    // round 2 keeps it: red = (0.9487, 0.3162), blue = (0.2095, 0.9778); blue·y 0.9778 first
    assertArrayEquals(
        new int[][] {{5}, {7}, {5, 7}, {7, N}}, ObjectLabels.assign(objects, t, LEAVES, 2));
  }

  @Test
  void aFreeObjectRanksTheLeavesByItsNearestAssignedObjectsVotes() {
    int[][] a = ObjectLabels.assign(OBJECTS, targets(), LEAVES, 0);
    // assigned: (1, 0) red, (0, 1) blue, (0.8, 0.6) red. (0.6, 0.8) has cosines 0.6, 0.8, 0.96;
    // its 2 nearest vote red exp((0.96 − 1) / 0.1) = 0.670320 and blue exp(−2) = 0.135335
    ObjectLabels.Ranked[][] r = ObjectLabels.byNeighbours(OBJECTS, a, 9, 2, 0.1, 64);
    assertNull(r[2][1], "assigned: not ranked");
    assertArrayEquals(new int[] {5, 7}, r[2][0].labels());
    assertArrayEquals(new double[] {0.670320, 0.135335}, r[2][0].scores(), 1e-6);
    // (1, 0): cosines 1 (red) and 0.8 (red) are its 2 nearest: red 1 + exp(−2), no blue vote
    assertArrayEquals(new int[] {5}, r[3][1].labels());
    assertArrayEquals(new double[] {1.135335}, r[3][1].scores(), 1e-6);
    assertArrayEquals(
        new int[] {5},
        ObjectLabels.byNeighbours(OBJECTS, a, 9, 3, 0.1, 1)[2][0].labels(),
        "keep 1");
  }

  @Test
  void bestKeepsTheHighestFiniteScoresAndTiesGoToTheLowerLabel() {
    ObjectLabels.Ranked r =
        ObjectLabels.best(new double[] {0.2, Double.NEGATIVE_INFINITY, 0.5, 0.2}, 2);
    assertArrayEquals(new int[] {2, 0}, r.labels());
    assertArrayEquals(new double[] {0.5, 0.2}, r.scores());
    assertEquals(
        3,
        ObjectLabels.best(new double[] {0.2, Double.NEGATIVE_INFINITY, 0.5, 0.2}, 9)
            .labels()
            .length);
  }

  @Test
  void eachFreeObjectPicksItsBestOpenLeafOncePerSceneAnObservedCategoryFirst() {
    List<ObjectLabels.Pick> picks = picks();
    // votes of the 3 nearest at T 0.1: (0.6, 0.8) red 0.688636, blue 0.135335; (0, 1) blue 1,
    // red 0.018361; (1, 0) red 1.135335, blue 0.000045; (0.3, 0.954) blue 0.630900, red 0.154058.
    // scene 2: (0.6, 0.8) may not pick red (positive): blue.
    // scene 3: (1, 0)-red is the best pair, then (0, 1) takes blue; Plants has no leaf with a
    // vote below it, so it guides nothing.
    // scene 4: blue is a confirmed negative: (1, 0) takes red; (0, 1) has nothing left.
    // scene 5: (0.3, 0.954) votes blue first, but the scene observed warm, so red
    assertEquals(5, picks.size(), picks.toString());
    assertPick(2, 7, 0.135335, picks.get(0));
    assertPick(3, 5, 1.135335, picks.get(1));
    assertPick(3, 7, 1.0, picks.get(2));
    assertPick(4, 5, 1.135335, picks.get(3));
    assertPick(5, 5, 0.154058, picks.get(4));
  }

  @Test
  void theBestScoredShareOfPicksBecomesPositiveWithItsAncestors() {
    PseudoLabels up = new PseudoLabels(PseudoLabelsTest.TREE, PseudoLabels.Descent.OFF, Double.NaN);
    // share 0.5 of 5 picks: the three best: scene 3's red, warm, Shapes and blue, cold (5 entries)
    // and scene 4's red, warm, Shapes (3); ties keep the picks' order
    PseudoLabels.Result half =
        ObjectLabels.fillInPlace(up, PseudoLabels.Result.copyOf(targets(), known()), picks(), 0.5);
    assertArrayEquals(new float[] {1, 1, 1, 1, 0, 1, 0, 1, 0}, half.targets()[3]);
    assertArrayEquals(new float[] {1, 1, 1, 0, 0, 1, 0, 0, 0}, half.targets()[4]);
    assertArrayEquals(targets()[2], half.targets()[2], "scene 2's blue is not in the share");
    assertEquals(8, half.added());
    // share 1: also scene 2's blue, cold (Shapes was there: 2) and scene 5's red (1)
    PseudoLabels.Result all =
        ObjectLabels.fillInPlace(up, PseudoLabels.Result.copyOf(targets(), known()), picks(), 1.0);
    assertEquals(11, all.added());
    assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1, 0, 1, 0}, all.targets()[2]);
    assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1, 0, 0, 0}, all.targets()[5]);
  }

  private static List<ObjectLabels.Pick> picks() {
    int[][] a = ObjectLabels.assign(OBJECTS, targets(), LEAVES, 0);
    ObjectLabels.Ranked[][] r = ObjectLabels.byNeighbours(OBJECTS, a, 9, 3, 0.1, 64);
    return ObjectLabels.picks(r, targets(), known(), ANCESTORS, LEAVES);
  }

  private static void assertPick(int scene, int label, double score, ObjectLabels.Pick p) {
    assertEquals(scene, p.scene(), p.toString());
    assertEquals(label, p.label(), p.toString());
    assertEquals(score, p.score(), 1e-6, p.toString());
  }
}
