package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdBookTest {
  @Test
  void theValueMostLabelsShareIsTheFallbackAndItsLabelsAreDoubtful() {
    ThresholdBook b =
        ThresholdBook.of(
            List.of("a", "b", "c", "d", "e"), new float[] {0.62f, 0.4f, 0.4f, 0.71f, 0.4f});
    assertEquals(0.4f, b.fallback());
    assertEquals(
        List.of(0.0, 1.0, 1.0, 0.0, 1.0),
        List.of(b.doubt(0), b.doubt(1), b.doubt(2), b.doubt(3), b.doubt(4)));
    assertEquals(3, b.doubtful());
    assertEquals(3, b.indexOf("d"));
    assertEquals(-1, b.indexOf("zebra"));
    assertEquals(0.71f, (float) b.threshold(3));
  }

  @Test
  void withNoSharedValueOnlyAThresholdOfOneIsDoubtful() {
    ThresholdBook b = ThresholdBook.of(List.of("a", "b", "c"), new float[] {0.3f, 1.0f, 0.5f});
    assertNull(b.fallback());
    assertEquals(List.of(0.0, 1.0, 0.0), List.of(b.doubt(0), b.doubt(1), b.doubt(2)));
  }

  @Test
  void tiesBetweenSharedValuesGoToTheLowerValue() {
    ThresholdBook b =
        ThresholdBook.of(List.of("a", "b", "c", "d"), new float[] {0.6f, 0.6f, 0.2f, 0.2f});
    assertEquals(0.2f, b.fallback());
  }

  @Test
  void refusesThresholdsThatDoNotMatchTheLabels() {
    assertEquals(
        "2 thresholds for 3 labels",
        assertThrows(
                IllegalArgumentException.class,
                () -> ThresholdBook.of(List.of("a", "b", "c"), new float[] {0.1f, 0.2f}))
            .getMessage());
  }
}
