package dev.tagstream.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.data.LabelTargets;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.train.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelReportTest {
  // animal <- cat, animal <- dog, and an unrelated car
  private static final Vocabulary VOCAB =
      Vocabulary.of(
          List.of(
              new LabelDef("animal", List.of()),
              new LabelDef("cat", List.of("animal")),
              new LabelDef("dog", List.of("animal")),
              new LabelDef("car", List.of())));

  private static LabelReport.Observed observe(List<ManifestEntry> images) {
    TrainingData d = TrainingData.of(images, new LabelTargets(VOCAB, false));
    return LabelReport.observe(d.targets(), d.known());
  }

  @Test
  void countsObservedPositivesAndNegativesAfterHierarchyCompletion() {
    List<ManifestEntry> images =
        List.of(
            new ManifestEntry("a", "file:///a", List.of("cat"), List.of("car")),
            new ManifestEntry("b", "file:///b", List.of("dog", "cat"), List.of()),
            // negative animal completes down: cat and dog negative too
            new ManifestEntry("c", "file:///c", List.of("car"), List.of("animal")),
            new ManifestEntry("d", "file:///d", List.of(), List.of()));
    LabelReport.Observed o = observe(images);
    // animal: a, b (from their children); cat: a, b; dog: b; car: c
    assertArrayEquals(new int[] {2, 2, 1, 1}, o.positives());
    // animal: c; cat: c; dog: c; car: a
    assertArrayEquals(new int[] {1, 1, 1, 1}, o.negatives());
  }

  @Test
  void aPositiveWinsOverAnInheritedNegativeAndIsNotCountedTwice() {
    // animal negative completes down to cat, but cat is confirmed positive: cat and animal positive
    List<ManifestEntry> images =
        List.of(new ManifestEntry("a", "file:///a", List.of("cat"), List.of("animal")));
    LabelReport.Observed o = observe(images);
    assertArrayEquals(new int[] {1, 1, 0, 0}, o.positives());
    assertArrayEquals(new int[] {0, 0, 1, 0}, o.negatives());
  }

  @Test
  void alignsArraysAndTurnsNanApIntoNull(@TempDir Path dir) throws Exception {
    LabelReport r =
        LabelReport.of(
            VOCAB.names(),
            4,
            new LabelReport.Observed(new int[] {2, 2, 1, 1}, new int[] {1, 1, 1, 1}),
            3,
            new int[] {2, 1, 0, 1},
            new double[] {0.75, 1.0, Double.NaN, 0.5},
            new float[] {0.5f, 0.25f, 0.5f, 0.125f});
    LabelReport.Entry dog = r.entry("dog").orElseThrow();
    assertNull(dog.ap());
    assertEquals(1, dog.trainPositives());
    assertEquals(0, dog.validationPositives());
    assertEquals(0.125f, r.entry("car").orElseThrow().threshold());
    assertTrue(r.entry("bird").isEmpty());

    r.write(dir);
    assertTrue(Files.isRegularFile(dir.resolve(LabelReport.FILE)));
    assertFalse(Files.exists(dir.resolve("." + LabelReport.FILE + ".tmp")));
    LabelReport back = LabelReport.read(dir).orElseThrow();
    assertEquals(r, back);
  }

  @Test
  void aDirectoryWithoutAReportHasNone(@TempDir Path dir) throws Exception {
    assertTrue(LabelReport.read(dir).isEmpty());
  }

  @Test
  void refusesArraysOfAnotherLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                LabelReport.of(
                    VOCAB.names(),
                    1,
                    new LabelReport.Observed(new int[4], new int[4]),
                    1,
                    new int[3],
                    new double[4],
                    new float[4]));
    assertTrue(e.getMessage().contains("4 labels"), e.getMessage());
  }
}
