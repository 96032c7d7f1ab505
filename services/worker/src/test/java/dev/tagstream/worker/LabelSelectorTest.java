package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.LabelScore;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private final LabelSelector selector = new LabelSelector(
      new String[] {"cat", "dog", "car", "tree"}, new float[] {0.5f, 0.9f, 0.2f, 0.5f}, 2);

  @Test
  void keepsLabelsAtOrAboveTheirOwnThresholdBestFirst() {
    assertEquals(List.of(new LabelScore("tree", 0.6f), new LabelScore("cat", 0.5f)),
        selector.select(new float[] {0.5f, 0.8f, 0.1f, 0.6f}));
  }

  @Test
  void capsAtTopK() {
    assertEquals(List.of(new LabelScore("dog", 0.95f), new LabelScore("car", 0.9f)),
        selector.select(new float[] {0.7f, 0.95f, 0.9f, 0.8f}));
  }

  @Test
  void breaksTiesByLabelOrder() {
    assertEquals(List.of(new LabelScore("cat", 0.7f), new LabelScore("tree", 0.7f)),
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
}
