package dev.tagstream.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.data.ManifestEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedManifestsTest {
  static final List<ManifestEntry> FULL =
      List.of(
          new ManifestEntry("a", "file:///a.png", List.of("x", "y", "z"), List.of("n")),
          new ManifestEntry("b", "file:///b.png", List.of("y", "z"), List.of()),
          new ManifestEntry("c", "file:///c.png", List.of(), List.of()));

  @Test
  void singleKeepsOneTrueLabelPerImageAndTheNegatives() {
    List<ManifestEntry> single =
        ObservedManifests.derive(FULL, ObservedLabels.parse("single"), 5, Map.of());
    assertEquals(3, single.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(FULL.get(i).id(), single.get(i).id());
      assertEquals(FULL.get(i).uri(), single.get(i).uri());
      assertEquals(FULL.get(i).negatives(), single.get(i).negatives());
      assertEquals(Math.min(1, FULL.get(i).positives().size()), single.get(i).positives().size());
      assertTrue(FULL.get(i).positives().containsAll(single.get(i).positives()));
    }
  }

  @Test
  void drawDependsOnSeedAndIdNotOnOrderOrNeighbours() {
    ObservedLabels single = ObservedLabels.parse("single");
    ManifestEntry alone =
        ObservedManifests.derive(List.of(FULL.get(0)), single, 5, Map.of()).get(0);
    ManifestEntry inList =
        ObservedManifests.derive(
                List.of(FULL.get(2), FULL.get(1), FULL.get(0)), single, 5, Map.of())
            .get(2);
    assertEquals(alone, inList);
    assertEquals(
        ObservedManifests.derive(FULL, single, 5, Map.of()),
        ObservedManifests.derive(FULL, single, 5, Map.of()));
  }

  @Test
  void fullRegimeKeepsEveryLabelAndStreamSeedsDiffer() {
    assertEquals(
        FULL.get(0).positives(),
        ObservedManifests.derive(FULL, ObservedLabels.parse("full"), 1, Map.of())
            .get(0)
            .positives());
    assertNotEquals(ObservedManifests.streamSeed(1, "a"), ObservedManifests.streamSeed(2, "a"));
    assertNotEquals(ObservedManifests.streamSeed(1, "a"), ObservedManifests.streamSeed(1, "b"));
  }

  @Test
  void salientTakesEachImagesLargestObjectFromTheLayouts() {
    List<ManifestEntry> salient =
        ObservedManifests.derive(
            FULL.subList(0, 2), ObservedLabels.parse("salient"), 5, Map.of("a", "z", "b", "y"));
    assertEquals(List.of("z"), salient.get(0).positives());
    assertEquals(List.of("n"), salient.get(0).negatives());
    assertEquals(List.of("y"), salient.get(1).positives());
  }

  @Test
  void salientWithoutLayoutsSaysToRebuildTheDataset() {
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> ObservedManifests.derive(FULL, ObservedLabels.parse("salient"), 5, Map.of()));
    assertTrue(e.getMessage().contains("scenes.jsonl"), e.getMessage());
  }
}
