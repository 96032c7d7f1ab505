package dev.tagstream.worker.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.LabelScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private final LabelSelector selector =
      new LabelSelector(
          new String[] {"cat", "dog", "car", "tree"}, new float[] {0.5f, 0.9f, 0.2f, 0.5f}, 2);

  @Test
  void keepsLabelsAtOrAboveTheirOwnThresholdBestFirst() {
    assertEquals(
        List.of(new LabelScore("tree", 0.6f), new LabelScore("cat", 0.5f)),
        selector.select(new float[] {0.5f, 0.8f, 0.1f, 0.6f}));
  }

  @Test
  void capsAtTopK() {
    assertEquals(
        List.of(new LabelScore("dog", 0.95f), new LabelScore("car", 0.9f)),
        selector.select(new float[] {0.7f, 0.95f, 0.9f, 0.8f}));
  }

  @Test
  void breaksTiesByLabelOrder() {
    assertEquals(
        List.of(new LabelScore("cat", 0.7f), new LabelScore("tree", 0.7f)),
        selector.select(new float[] {0.7f, 0.1f, 0.1f, 0.7f}));
  }

  @Test
  void returnsNothingWhenNoLabelPassesItsThreshold() {
    assertEquals(List.of(), selector.select(new float[] {0.49f, 0.89f, 0.19f, 0.0f}));
  }

  @Test
  void rejectsVectorOfWrongLength() {
    assertThrows(IllegalArgumentException.class, () -> selector.select(new float[3]));
  }

  @Test
  void agreesWithSortingEveryHitOnRandomVectorsWithTiesAndNaN() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      int labels = 1 + random.nextInt(300);
      String[] names = new String[labels];
      float[] thresholds = new float[labels];
      float[] p = new float[labels];
      for (int i = 0; i < labels; i++) {
        names[i] = "l" + i;
        thresholds[i] = random.nextInt(5) / 4f;
        // coarse values: many exact ties; now and then NaN, which never passes a threshold
        p[i] = random.nextInt(20) == 0 ? Float.NaN : random.nextInt(9) / 8f;
      }
      int topK = 1 + random.nextInt(12);
      assertEquals(
          bySorting(names, thresholds, topK, p),
          new LabelSelector(names, thresholds, topK).select(p));
    }
  }

  // the straightforward definition: every hit, sorted best first with ties in label order, cut at
  // topK
  private static List<LabelScore> bySorting(
      String[] names, float[] thresholds, int topK, float[] p) {
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      if (p[i] >= thresholds[i]) {
        hits.add(i);
      }
    }
    hits.sort(
        (a, b) ->
            Float.compare(p[b], p[a]) != 0 ? Float.compare(p[b], p[a]) : Integer.compare(a, b));
    return hits.stream().limit(topK).map(i -> new LabelScore(names[i], p[i])).toList();
  }
}
