package dev.tagstream.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @Test
  void roundTripsEntries(@TempDir Path dir) {
    List<ManifestEntry> in =
        List.of(
            new ManifestEntry("a", "file:///x/a.png", List.of("cat"), List.of("dog")),
            new ManifestEntry("b", "file:///x/b.png", List.of(), List.of()));
    Path f = dir.resolve("m.jsonl");
    Manifest.write(f, in);
    assertEquals(in, Manifest.read(f));
  }

  @Test
  void badLinesNameFileAndLineNumber(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.jsonl");
    String ok = "{\"id\":\"a\",\"uri\":\"file:///a.png\",\"labels\":[\"x\"]}";
    Files.writeString(f, ok + "\n\n{\"id\":\"b\",\"uri\":\n");
    ManifestException e = assertThrows(ManifestException.class, () -> Manifest.read(f));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(f + ":3: not valid JSON"), e.getMessage());

    Files.writeString(f, ok + "\n{\"id\":\"b\",\"labels\":[]}\n");
    assertEquals(
        f + ":2: missing or non-string 'uri'",
        assertThrows(ManifestException.class, () -> Manifest.read(f)).getMessage());

    Files.writeString(f, "{\"id\":\"b\",\"uri\":\"u\",\"labels\":\"cat\"}\n");
    assertEquals(
        f + ":1: 'labels' must be an array of strings",
        assertThrows(ManifestException.class, () -> Manifest.read(f)).getMessage());

    Files.writeString(
        f, "{\"id\":\"b\",\"uri\":\"u\",\"labels\":[\"cat\"],\"negatives\":[\"cat\"]}\n");
    assertTrue(
        assertThrows(ManifestException.class, () -> Manifest.read(f))
            .getMessage()
            .contains("both positive and negative: [cat]"));

    Files.writeString(f, ok + "\n" + ok + "\n");
    assertEquals(
        f + ":2: duplicate id 'a'",
        assertThrows(ManifestException.class, () -> Manifest.read(f)).getMessage());
  }

  @Test
  void targetsCompletePositivesUpAndNegativesDown() {
    // animal <- mammal <- cat; plant
    Vocabulary v =
        Vocabulary.of(
            List.of(
                new LabelDef("animal", List.of()),
                new LabelDef("mammal", List.of("animal")),
                new LabelDef("cat", List.of("mammal")),
                new LabelDef("plant", List.of())));
    LabelTargets lt = new LabelTargets(v, true);
    float[] t = new float[4];
    float[] k = new float[4];
    lt.fill(List.of("cat"), List.of("plant"), t, k);
    assertArrayEquals(new float[] {1, 1, 1, 0}, t);
    assertArrayEquals(new float[] {1, 1, 1, 1}, k);
    // a confirmed-absent mammal makes cat a confirmed negative too; animal stays unknown
    float[] t2 = new float[4];
    float[] k2 = new float[4];
    lt.fill(List.of(), List.of("mammal"), t2, k2);
    assertArrayEquals(new float[] {0, 0, 0, 0}, t2);
    assertArrayEquals(new float[] {0, 1, 1, 0}, k2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lt.fill(List.of("fish"), List.of(), new float[4], new float[4]));
    assertEquals("label 'fish' is not in the vocabulary", e.getMessage());
    new LabelTargets(v, false)
        .fill(List.of("fish"), List.of(), new float[4], new float[4]); // lenient: skipped
  }
}
