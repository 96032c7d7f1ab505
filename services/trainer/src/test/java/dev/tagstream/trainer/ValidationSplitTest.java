package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
  private static final Vocabulary VOCAB =
      Vocabulary.of(
          List.of(
              new LabelDef("polygon", List.of()),
              new LabelDef("square", List.of("polygon")),
              new LabelDef("red", List.of())));

  static LabelState state(String id, String uri, List<String> pos, List<String> neg) {
    return LabelState.newBuilder()
        .setId(id)
        .setUri(uri)
        .setPositives(pos)
        .setNegatives(neg)
        .setConfirmations(pos.size() + neg.size())
        .setUpdatedAt(Instant.parse("2026-11-28T19:00:00Z"))
        .build();
  }

  @Test
  void bucketIsTheFirstFourSha256BytesModHundred() {
    // Independently computed: int.from_bytes(sha256(id)[:4], 'big') % 100 in Python.
    assertEquals(30, ValidationSplit.bucket("img-0"));
    assertEquals(35, ValidationSplit.bucket("img-1"));
    assertEquals(57, ValidationSplit.bucket("img-2"));
    assertEquals(12, ValidationSplit.bucket("img-3"));
    assertEquals(10, ValidationSplit.bucket("a"));
    assertEquals(80, ValidationSplit.bucket("cat.png"));
  }

  @Test
  void holdsOutIdsWhoseBucketIsBelowThePercent() {
    ValidationSplit split = new ValidationSplit(31);
    ValidationSplit.Sets sets =
        split.split(
            List.of(
                state("img-0", "file:///0.png", List.of("red"), List.of()),
                state("img-1", "file:///1.png", List.of("red"), List.of()),
                state("img-3", "file:///3.png", List.of("square", "polygon"), List.of("red"))),
            VOCAB);
    assertEquals(List.of("img-1"), sets.train().stream().map(ManifestEntry::id).toList());
    assertEquals(
        List.of("img-0", "img-3"), sets.validation().stream().map(ManifestEntry::id).toList());
    assertEquals(
        new ManifestEntry("img-3", "file:///3.png", List.of("square", "polygon"), List.of("red")),
        sets.validation().get(1));
  }

  @Test
  void skipsImagesWithoutUriOrVocabularyLabelsAndDropsUnknownLabels() {
    ValidationSplit.Sets sets =
        new ValidationSplit(10)
            .split(
                List.of(
                    state("img-1", "", List.of("red"), List.of()),
                    state("img-2", "file:///2.png", List.of("zebra"), List.of()),
                    state("img-4", "file:///4.png", List.of("red", "zebra"), List.of("giraffe"))),
                VOCAB);
    assertEquals(1, sets.skippedNoUri());
    assertEquals(1, sets.skippedNoLabels());
    assertEquals(3, sets.droppedLabels());
    assertEquals(1, sets.train().size() + sets.validation().size());
  }

  @Test
  void rejectsPercentOutsideOneToFifty() {
    assertThrows(IllegalArgumentException.class, () -> new ValidationSplit(0));
    assertThrows(IllegalArgumentException.class, () -> new ValidationSplit(51));
  }
}
