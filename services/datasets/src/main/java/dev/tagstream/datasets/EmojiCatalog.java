package dev.tagstream.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.model.labels.LabelDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emoji of {@code emoji.json} and the 3-level label hierarchy they form: category → subcategory
 * → emoji. Emoji whose short name equals a subcategory or category name ({@code lock}, {@code
 * heart}) get the suffix {@value #EMOJI_SUFFIX} so every label name is unique.
 */
public record EmojiCatalog(List<Emoji> emoji, List<LabelDef> labels) {
  static final String EMOJI_SUFFIX = " (emoji)";

  /** One emoji: its label, its code points, the file name of its art, the vendors that draw it. */
  public record Emoji(
      String label,
      String unified,
      String category,
      String subcategory,
      String image,
      List<String> vendors) {}

  public static EmojiCatalog load(Path emojiJson, List<String> vendors) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(emojiJson));
    } catch (IOException e) {
      throw new DatasetException("cannot read " + emojiJson + ": " + e.getMessage(), e);
    }
    if (!root.isArray()) {
      throw new DatasetException(emojiJson + " is not a JSON array of emoji");
    }
    List<JsonNode> entries = new ArrayList<>();
    root.forEach(entries::add);
    entries.sort(Comparator.comparingInt(n -> n.path("sort_order").asInt()));
    return of(entries, vendors);
  }

  static EmojiCatalog of(List<JsonNode> entries, List<String> vendors) {
    Set<String> groupNames = new LinkedHashSet<>();
    entries.forEach(
        n -> {
          groupNames.add(n.path("category").asText());
          groupNames.add(n.path("subcategory").asText());
        });
    Map<String, String> subToCategory = new LinkedHashMap<>();
    List<Emoji> emoji = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode n : entries) {
      List<String> drawnBy =
          vendors.stream().filter(v -> n.path("has_img_" + v).asBoolean(false)).toList();
      if (drawnBy.isEmpty()) {
        continue;
      }
      String category = n.path("category").asText();
      String sub = n.path("subcategory").asText();
      String prior = subToCategory.putIfAbsent(sub, category);
      if (prior != null && !prior.equals(category)) {
        throw new DatasetException(
            "subcategory '" + sub + "' appears under both '" + prior + "' and '" + category + "'");
      }
      String name = n.path("short_name").asText();
      String label = groupNames.contains(name) ? name + EMOJI_SUFFIX : name;
      if (!seen.add(label)) {
        throw new DatasetException("two emoji share the label '" + label + "'");
      }
      emoji.add(
          new Emoji(
              label, n.path("unified").asText(), category, sub, n.path("image").asText(), drawnBy));
    }
    List<LabelDef> labels = new ArrayList<>();
    new LinkedHashSet<>(subToCategory.values())
        .forEach(c -> labels.add(new LabelDef(c, List.of(), Map.of("level", "category"))));
    subToCategory.forEach(
        (s, c) -> labels.add(new LabelDef(s, List.of(c), Map.of("level", "subcategory"))));
    for (Emoji e : emoji) {
      labels.add(
          new LabelDef(
              e.label(),
              List.of(e.subcategory()),
              Map.of("level", "emoji", "unified", e.unified(), "category", e.category())));
    }
    return new EmojiCatalog(List.copyOf(emoji), List.copyOf(labels));
  }
}
