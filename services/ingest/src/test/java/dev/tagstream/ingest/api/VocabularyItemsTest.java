package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.VocabularyEntry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VocabularyItemsTest {
  /** Entries as the view would hold them (newest per name); the parser only reads them. */
  static final class Entries implements AddedLabels {
    final Map<String, VocabularyEntry> byName = new LinkedHashMap<>();

    Entries with(String name, boolean deprecated, String... parents) {
      byName.put(
          name,
          VocabularyEntry.newBuilder()
              .setName(name)
              .setParents(List.of(parents))
              .setAddedBy("earlier")
              .setAddedAt(ImageItemsTest.NOW.minusSeconds(60))
              .setDeprecated(deprecated)
              .build());
      return this;
    }

    @Override
    public Optional<VocabularyEntry> entry(String name) {
      return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<VocabularyEntry> entries() {
      return List.copyOf(byName.values());
    }
  }

  final Entries entries = new Entries().with("lynx", false, "cat").with("dog", true, "animal");
  final VocabularyItems parser =
      new VocabularyItems(
          () -> ImageItemsTest.VOCAB,
          entries,
          Clock.fixed(ImageItemsTest.NOW, ZoneOffset.UTC),
          "api");

  private List<FieldError> errors(String json) throws Exception {
    return parser.parse(ImageItemsTest.json(json)).errors();
  }

  @Test
  void addsALabelUnderAnAddedParentStampedNow() throws Exception {
    var p =
        parser.parse(
            ImageItemsTest.json("{'name':'kitten','parents':['cat','lynx'],'source':'rev-7'}"));
    assertEquals("kitten", p.key());
    assertEquals(
        VocabularyEntry.newBuilder()
            .setName("kitten")
            .setParents(List.of("cat", "lynx"))
            .setAddedBy("rev-7")
            .setAddedAt(ImageItemsTest.NOW)
            .setDeprecated(false)
            .build(),
        p.value());
  }

  @Test
  void refusesAKnownNameUnknownOrDeprecatedParentsAndBadNames() throws Exception {
    assertEquals(
        List.of(new FieldError("name", "label 'cat' is in the vocabulary already")),
        errors("{'name':'cat'}"));
    assertEquals(
        List.of(new FieldError("name", "label 'lynx' is in the vocabulary already")),
        errors("{'name':'lynx'}"));
    assertEquals(
        List.of(
            new FieldError(
                "parents[0]",
                "unknown label 'unicorn'; add it first (deprecated labels cannot be parents)"),
            new FieldError(
                "parents[1]",
                "unknown label 'dog'; add it first (deprecated labels cannot be parents)"),
            new FieldError("parents[2]", "a label cannot be its own parent")),
        errors("{'name':'wolf','parents':['unicorn','dog','wolf']}"));
    assertEquals(
        List.of(new FieldError("name", "label name 'x ' has leading or trailing whitespace")),
        errors("{'name':'x '}"));
    assertEquals("name", errors("{'parents':[]}").get(0).field());
    assertEquals("deprecated", errors("{'name':'owl','deprecated':'yes'}").get(0).field());
  }

  @Test
  void deprecatesAFileOrAddedLabelKeepingItsParentsAndRevivesADeprecatedOne() throws Exception {
    var file = parser.parse(ImageItemsTest.json("{'name':'cat','deprecated':true}")).value();
    assertEquals(List.of("animal"), file.getParents());
    assertTrue(file.getDeprecated());
    var added = parser.parse(ImageItemsTest.json("{'name':'lynx','deprecated':true}")).value();
    assertEquals(List.of("cat"), added.getParents());
    assertEquals(
        List.of(new FieldError("name", "unknown label 'owl'; nothing to deprecate")),
        errors("{'name':'owl','deprecated':true}"));
    assertEquals(
        List.of(
            new FieldError(
                "parents", "must be absent when deprecating; the label keeps its parents")),
        errors("{'name':'cat','parents':['animal'],'deprecated':true}"));
    var revived = parser.parse(ImageItemsTest.json("{'name':'dog','parents':['animal']}")).value();
    assertEquals(false, revived.getDeprecated());
  }

  @Test
  void withoutABaseVocabularyTheAddedLabelsAreTheVocabulary() throws Exception {
    VocabularyItems bare =
        new VocabularyItems(
            () -> null, new Entries(), Clock.fixed(ImageItemsTest.NOW, ZoneOffset.UTC), "api");
    assertTrue(bare.parse(ImageItemsTest.json("{'name':'animal'}")).valid());
    assertEquals(
        "parents[0]",
        bare.parse(ImageItemsTest.json("{'name':'cat','parents':['animal']}"))
            .errors()
            .get(0)
            .field());
  }

  @Test
  void labelRuleAcceptsAnAddedLabelOnlyWhenAVocabularyIsConfigured() {
    LabelRule rule = new LabelRule(ImageItemsTest.VOCAB, entries);
    assertEquals(Optional.empty(), rule.problem("lynx"));
    assertEquals(Optional.empty(), rule.problem("dog"));
    assertTrue(rule.problem("owl").isPresent());
  }
}
