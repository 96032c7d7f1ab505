package dev.tagstream.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrownVocabularyTest {
  private static final Vocabulary FILE =
      Vocabulary.of(
          List.of(
              new LabelDef("animal", List.of()),
              new LabelDef("cat", List.of("animal")),
              new LabelDef("dog", List.of("animal"))));

  @Test
  void addedLabelsFollowTheFileInNameOrder() {
    Vocabulary v =
        GrownVocabulary.of(
            FILE,
            List.of(new LabelDef("zebra", List.of("animal")), new LabelDef("lynx", List.of("cat"))),
            Set.of());
    assertEquals(List.of("animal", "cat", "dog", "lynx", "zebra"), v.names());
    assertEquals(Set.of("lynx", "cat", "animal"), v.completeUp(List.of("lynx")));
    assertNotEquals(FILE.hash(), v.hash());
  }

  @Test
  void theFileWinsOverAnAddedLabelOfTheSameName() {
    Vocabulary v = GrownVocabulary.of(FILE, List.of(new LabelDef("dog", List.of())), Set.of());
    assertEquals(FILE.hash(), v.hash());
  }

  @Test
  void droppedLabelsLeaveTheirChildrenWithoutThem() {
    Vocabulary v =
        GrownVocabulary.of(
            FILE, List.of(new LabelDef("lynx", List.of("cat", "animal"))), Set.of("cat"));
    assertEquals(List.of("animal", "dog", "lynx"), v.names());
    assertEquals(1, v.parents(v.indexOf("lynx")).length);
    assertEquals("animal", v.name(v.parents(v.indexOf("lynx"))[0]));
  }

  @Test
  void anAddedCycleIsRefused() {
    assertThrows(
        VocabularyException.class,
        () ->
            GrownVocabulary.of(
                FILE,
                List.of(new LabelDef("a", List.of("b")), new LabelDef("b", List.of("a"))),
                Set.of()));
  }

  @Test
  void activeDropsDeprecatedEntriesAndKnownKeepsThem() {
    List<GrownVocabulary.Entry> entries =
        List.of(
            new GrownVocabulary.Entry("lynx", List.of("cat"), false),
            new GrownVocabulary.Entry("dog", List.of("animal"), true),
            new GrownVocabulary.Entry("puma", List.of("cat"), true));
    assertEquals(List.of("animal", "cat", "lynx"), GrownVocabulary.active(FILE, entries).names());
    assertEquals(
        List.of("animal", "cat", "dog", "lynx", "puma"),
        GrownVocabulary.known(FILE, entries).names());
    assertEquals(
        List.of("lynx"),
        GrownVocabulary.active(null, List.of(new GrownVocabulary.Entry("lynx", List.of(), false)))
            .names());
  }

  @Test
  void nothingAddedNothingDroppedIsTheFile() {
    assertEquals(FILE.names(), GrownVocabulary.of(FILE, List.of(), Set.of()).names());
  }
}
