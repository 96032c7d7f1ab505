package dev.tagstream.ingest.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.ingest.api.ImageIds;
import org.junit.jupiter.api.Test;

class StableIdsTest {
  @Test
  void keepsAPlainRelativePathReadableWithColonsForSeparators() {
    assertEquals("cats:tabby-01.png", StableIds.of("", "cats/tabby-01.png"));
    assertEquals("trip:cats:tabby.png", StableIds.of("trip:", "cats/tabby.png"));
  }

  @Test
  void appendsAHashWhenCharactersHadToBeReplacedSoDistinctFilesStayDistinct() {
    String spaced = StableIds.of("", "a b.png");
    String underscored = StableIds.of("", "a_b.png");
    assertEquals("a_b.png", underscored);
    assertTrue(spaced.matches("a_b\\.png-[0-9a-f]{12}"), spaced);
    assertNotEquals(spaced, underscored);
    assertNotEquals(StableIds.of("", "a:b.png"), StableIds.of("", "a/b.png"));
    assertEquals(spaced, StableIds.of("", "a b.png"));
  }

  @Test
  void neverProducesAnInvalidId() {
    for (String p :
        new String[] {
          "x..y.png", "caf\u00e9/\u00fc.png", "d/" + "n".repeat(400) + ".png", "_/.x.png"
        }) {
      String id = StableIds.of("", p);
      assertTrue(ImageIds.valid(id), p + " -> " + id + ": " + ImageIds.problem(id));
    }
    assertEquals(200, StableIds.of("", "n".repeat(400)).length());
  }
}
