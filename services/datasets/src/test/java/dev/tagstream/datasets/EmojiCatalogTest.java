package dev.tagstream.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.model.labels.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmojiCatalogTest {
  static JsonNode emoji(String shortName, String cat, String sub, boolean google, boolean twitter) {
    return new ObjectMapper()
        .createObjectNode()
        .put("short_name", shortName)
        .put("unified", "1F" + shortName.length())
        .put("category", cat)
        .put("subcategory", sub)
        .put("image", shortName + ".png")
        .put("has_img_google", google)
        .put("has_img_twitter", twitter)
        .put("sort_order", 0);
  }

  @Test
  void buildsAThreeLevelHierarchyWithUniqueNames() {
    List<JsonNode> entries =
        new ArrayList<>(
            List.of(
                emoji("lock", "Objects", "lock", true, true),
                emoji("key", "Objects", "lock", true, false),
                emoji("grinning", "Smileys & Emotion", "face-smiling", false, true),
                emoji("ghost", "Smileys & Emotion", "face-costume", false, false)));
    EmojiCatalog c = EmojiCatalog.of(entries, List.of("google", "twitter"));
    assertEquals(
        List.of("lock (emoji)", "key", "grinning"),
        c.emoji().stream().map(EmojiCatalog.Emoji::label).toList());
    assertEquals(List.of("google", "twitter"), c.emoji().get(0).vendors());
    assertEquals(List.of("twitter"), c.emoji().get(2).vendors());
    Vocabulary v = Vocabulary.of(c.labels());
    assertEquals(
        List.of(
            "Objects",
            "Smileys & Emotion",
            "lock",
            "face-smiling",
            "lock (emoji)",
            "key",
            "grinning"),
        v.names());
    assertEquals(Set.of("key", "lock", "Objects"), v.completeUp(List.of("key")));
    assertEquals("1F3", c.labels().get(5).extra().get("unified"));
  }

  @Test
  void aSubcategoryUnderTwoCategoriesIsRefused() {
    List<JsonNode> entries =
        List.of(emoji("a", "X", "s", true, true), emoji("b", "Y", "s", true, true));
    assertEquals(
        "subcategory 's' appears under both 'X' and 'Y'",
        assertThrows(DatasetException.class, () -> EmojiCatalog.of(entries, List.of("google")))
            .getMessage());
  }
}
