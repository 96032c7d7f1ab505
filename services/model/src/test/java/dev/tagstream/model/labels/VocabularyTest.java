package dev.tagstream.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
  // animal <- mammal <- {cat, dog}; pet <- {cat, dog}; plant
  static Vocabulary tree() {
    return Vocabulary.of(
        List.of(
            new LabelDef("animal", List.of()),
            new LabelDef("mammal", List.of("animal")),
            new LabelDef("pet", List.of()),
            new LabelDef("cat", List.of("mammal", "pet")),
            new LabelDef("dog", List.of("mammal", "pet")),
            new LabelDef("plant", List.of())));
  }

  @Test
  void indexesNamesInFileOrder() {
    Vocabulary v = tree();
    assertEquals(6, v.size());
    assertEquals(3, v.indexOf("cat"));
    assertEquals(-1, v.indexOf("fish"));
    assertTrue(v.contains("plant"));
    assertEquals("dog", v.name(4));
    assertEquals(List.of("animal", "mammal", "pet", "cat", "dog", "plant"), v.names());
  }

  @Test
  void positivesCompleteUpwardThroughEveryParent() {
    assertEquals(Set.of("cat", "mammal", "animal", "pet"), tree().completeUp(List.of("cat")));
    assertEquals(Set.of("plant"), tree().completeUp(List.of("plant")));
  }

  @Test
  void negativesCompleteDownwardToEveryDescendant() {
    assertEquals(Set.of("animal", "mammal", "cat", "dog"), tree().completeDown(List.of("animal")));
    assertEquals(Set.of("pet", "cat", "dog"), tree().completeDown(List.of("pet")));
  }

  @Test
  void rejectsCycleNamingALabelOnIt() {
    VocabularyException e =
        assertThrows(
            VocabularyException.class,
            () ->
                Vocabulary.of(
                    List.of(
                        new LabelDef("a", List.of("c")),
                        new LabelDef("b", List.of("a")),
                        new LabelDef("c", List.of("b")))));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    assertTrue(e.getMessage().matches(".*'[abc]'.*"), e.getMessage());
    assertThrows(
        VocabularyException.class,
        () -> Vocabulary.of(List.of(new LabelDef("self", List.of("self")))));
  }

  @Test
  void rejectsUnknownParentAndDuplicatesByName() {
    VocabularyException e =
        assertThrows(
            VocabularyException.class,
            () -> Vocabulary.of(List.of(new LabelDef("cat", List.of("feline")))));
    assertEquals("label 'cat' has unknown parent 'feline'", e.getMessage());
    VocabularyException d =
        assertThrows(
            VocabularyException.class,
            () ->
                Vocabulary.of(List.of(new LabelDef("x", List.of()), new LabelDef("x", List.of()))));
    assertEquals("duplicate label 'x'", d.getMessage());
  }

  @Test
  void roundTripsThroughFileKeepingExtraFields(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.json");
    Files.writeString(
        f,
        "[{\"name\":\"a\",\"parents\":[],\"colour\":\"red\"},{\"name\":\"b\",\"parents\":[\"a\"]}]");
    Vocabulary v = Vocabulary.load(f);
    assertEquals(Map.of("colour", "red"), v.defs().get(0).extra());
    Path g = dir.resolve("copy.json");
    v.write(g);
    Vocabulary back = Vocabulary.load(g);
    assertEquals(v.hash(), back.hash());
    assertEquals("red", back.defs().get(0).extra().get("colour"));
  }

  @Test
  void hashIsStableAndSensitiveToNamesParentsAndOrder() {
    assertEquals(tree().hash(), tree().hash());
    assertEquals(64, tree().hash().length());
    Vocabulary reordered =
        Vocabulary.of(List.of(new LabelDef("b", List.of()), new LabelDef("a", List.of())));
    Vocabulary ordered =
        Vocabulary.of(List.of(new LabelDef("a", List.of()), new LabelDef("b", List.of())));
    Vocabulary parented =
        Vocabulary.of(List.of(new LabelDef("a", List.of()), new LabelDef("b", List.of("a"))));
    assertNotEquals(ordered.hash(), reordered.hash());
    assertNotEquals(ordered.hash(), parented.hash());
  }

  @Test
  void aNullDocumentANullEntryAndTrailingJunkAreRefusedPlainly(@TempDir Path dir) throws Exception {
    // found by LabelsJsonFuzzTest: these used to end in a NullPointerException, or load with the
    // junk ignored
    Path f = dir.resolve("labels.json");
    Files.writeString(f, "null");
    assertEquals(
        f + ": not a JSON array of {\"name\", \"parents\"} objects",
        assertThrows(VocabularyException.class, () -> Vocabulary.load(f)).getMessage());
    Files.writeString(f, "[{\"name\":\"a\"},null]");
    assertEquals(
        f + ": entry 1 is null, not an object",
        assertThrows(VocabularyException.class, () -> Vocabulary.load(f)).getMessage());
    Files.writeString(f, "[{\"name\":\"a\"}] [");
    assertTrue(
        assertThrows(VocabularyException.class, () -> Vocabulary.load(f))
            .getMessage()
            .startsWith("cannot read vocabulary " + f + ": Trailing token"));
  }

  @Test
  void badFileFailsWithPath(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.json");
    Files.writeString(f, "[{\"parents\":[]}]");
    VocabularyException e = assertThrows(VocabularyException.class, () -> Vocabulary.load(f));
    assertTrue(e.getMessage().contains("entry 0 has no string 'name'"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("nope.json")));
    assertThrows(VocabularyException.class, () -> Vocabulary.load(dir.resolve("nope.json")));
  }
}
