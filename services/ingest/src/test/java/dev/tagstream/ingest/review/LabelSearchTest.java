package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.model.labels.LabelDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSearchTest {
  static final List<LabelDef> LABELS =
      List.of("cat", "catamaran", "wildcat", "black-cat", "Category", "dog", "hotdog").stream()
          .map(n -> new LabelDef(n, List.of()))
          .toList();

  static List<String> names(String q, int limit) {
    return LabelSearch.search(LABELS, q, limit).stream().map(LabelDef::name).toList();
  }

  @Test
  void prefixMatchesFirstThenWordStartsThenSubstringsShorterFirst() {
    assertEquals(List.of("cat", "Category", "catamaran", "black-cat", "wildcat"), names("cat", 10));
    assertEquals(List.of("dog", "hotdog"), names("DOG", 10));
  }

  @Test
  void honoursTheLimitAndMatchesEverythingForAnEmptyQuery() {
    assertEquals(List.of("cat", "dog"), names("", 2));
    assertEquals(List.of(), names("zebra", 5));
  }
}
