package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NeighbourVotesTest {
  // PseudoLabelsTest.TREE: 0 Shapes, 1 Plants | 2 warm, 3 cold, 4 leaf | 5 red, 6 orange, 7 blue, 8
  // lime
  private static final PseudoLabels HIERARCHY =
      new PseudoLabels(PseudoLabelsTest.TREE, PseudoLabels.Descent.OFF, Double.NaN);

  @Test
  void voteIsTheShareOfTheFirstKNeighboursThatObserveTheLabel() {
    float[][] t = {
      {0, 0, 0, 0, 0, 0, 0, 0, 0},
      {1, 0, 1, 0, 0, 1, 0, 0, 0},
      {1, 0, 1, 0, 0, 1, 0, 0, 0},
      {0, 1, 0, 0, 1, 0, 0, 0, 1},
      {1, 0, 0, 1, 0, 0, 0, 1, 0}
    };
    int[] n = {1, 3, 2, 4};
    // red (5): rows 1 and 3 of {1, 3} -> 1/2; of {1, 3, 2, 4} -> 2/4; lime (8): 1/4
    assertEquals(0.5f, NeighbourVotes.vote(t, n, 2, 5));
    assertEquals(0.5f, NeighbourVotes.vote(t, n, 4, 5));
    assertEquals(0.25f, NeighbourVotes.vote(t, n, 4, 8));
    assertEquals(0f, NeighbourVotes.vote(t, n, 1, 8));
  }

  @Test
  void unknownLabelsWithEnoughVotesBecomePositiveWithTheirAncestorsAndConfirmedNegativesStay() {
    // row 0 observes lime; its neighbours 1, 2 observe red (and warm, Shapes); 3 observes blue
    float[][] t = {
      {0, 1, 0, 0, 1, 0, 0, 0, 1},
      {1, 0, 1, 0, 0, 1, 0, 0, 0},
      {1, 0, 1, 0, 0, 1, 0, 0, 0},
      {1, 0, 0, 1, 0, 0, 0, 1, 0}
    };
    float[][] k = {
      {0, 1, 0, 0, 1, 0, 0, 1, 1},
      {1, 0, 1, 0, 0, 1, 0, 0, 0},
      {1, 0, 1, 0, 0, 1, 0, 0, 0},
      {1, 0, 0, 1, 0, 0, 0, 1, 0}
    };
    int[][] n = {{1, 2, 3}, {2, 0, 3}, {1, 0, 3}, {1, 2, 0}};
    // row 0, k = 3, tau = 0.5: Shapes 3/3, warm 2/3, red 2/3 -> positive; cold 1/3 no; blue is a
    // confirmed negative
    PseudoLabels.Result r = NeighbourVotes.apply(HIERARCHY, t, k, n, 3, 0.5);
    assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1, 0, 0, 1}, r.targets()[0]);
    assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1, 0, 1, 1}, r.known()[0]);
    // row 3 (blue): neighbours 1, 2 give warm and red 2/3 -> +2 (Shapes is already positive); rows
    // 1, 2 get nothing
    // (their neighbour 0's Plants/leaf/lime is 1/3, and the votes count observed labels, not row
    // 0's new ones)
    assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1, 0, 1, 0}, r.targets()[3]);
    assertArrayEquals(t[1], r.targets()[1]);
    assertEquals(3 + 2, r.added());
    assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 1}, t[0], "inputs unchanged");
  }

  @Test
  void nearestNeighboursAreByCosineAndNeverTheRowItself() {
    float[][] x = {{1, 0}, {10, 1}, {0, 1}, {-1, 0.1f}, {0.8f, 0.6f}};
    int[][] n = Neighbours.of(x, 2);
    // angles: 0 deg, 5.7, 90, 174.3, 36.9
    assertArrayEquals(new int[] {1, 4}, n[0]);
    assertArrayEquals(new int[] {0, 4}, n[1]);
    assertArrayEquals(new int[] {4, 1}, n[2]);
    assertArrayEquals(new int[] {2, 4}, n[3]);
    assertArrayEquals(new int[] {1, 0}, n[4]);
    assertThrows(IllegalArgumentException.class, () -> Neighbours.of(x, 5));
  }

  @Test
  void nearestKeysComeWithTheirCosinesMostSimilarFirst() {
    float[][] keys = {{0, 2}, {3, 0}, {1, 1}};
    Neighbours.Nearest n = Neighbours.among(new float[][] {{2, 0}, {0, 0.5f}}, keys, 2);
    // (2, 0): (3, 0) cos 1, (1, 1) cos 1/√2; (0, 0.5): (0, 2) cos 1, (1, 1) cos 1/√2
    assertArrayEquals(new int[][] {{1, 2}, {0, 2}}, n.index());
    assertArrayEquals(new float[] {1, 0.70710677f}, n.cosine()[0], 1e-6f);
    assertArrayEquals(new float[] {1, 0.70710677f}, n.cosine()[1], 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> Neighbours.among(keys, keys, 4));
  }
}
