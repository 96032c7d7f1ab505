package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageIdsTest {
  @Test
  void acceptsLettersDigitsAndTheFourPunctuationMarks() {
    assertEquals(Optional.empty(), ImageIds.problem("cats:tabby_01.v2-final.png"));
    assertEquals(Optional.empty(), ImageIds.problem("a".repeat(200)));
    assertEquals(Optional.empty(), ImageIds.problem("x.y.z"));
  }

  @Test
  void rejectsEmptyAndTooLong() {
    assertEquals(Optional.of("must not be empty"), ImageIds.problem(""));
    assertEquals(
        Optional.of("is 201 characters long; at most 200 allowed"),
        ImageIds.problem("a".repeat(201)));
  }

  @Test
  void rejectsOtherCharactersNamingTheFirstAndItsPosition() {
    assertEquals(
        Optional.of(
            "contains '/' at position 4; allowed are letters A-Z a-z, digits, '.', '_', ':' and '-'"),
        ImageIds.problem("cats/tabby"));
    assertEquals(
        Optional.of(
            "contains U+0020 at position 1; allowed are letters A-Z a-z, digits, '.', '_', ':' and '-'"),
        ImageIds.problem("a b"));
    assertTrue(ImageIds.problem("caf\u00e9").get().startsWith("contains '\u00e9' at position 3"));
  }

  @Test
  void rejectsLeadingDotAndDoubleDotBecauseIdsBecomeFileNames() {
    assertEquals(Optional.of("must not start with '.'"), ImageIds.problem(".hidden"));
    assertEquals(Optional.of("must not contain '..'"), ImageIds.problem("a..b"));
    assertEquals(Optional.of("must not start with '.'"), ImageIds.problem(".."));
  }
}
