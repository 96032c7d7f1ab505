package dev.tagstream.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneLayoutsTest {
  @Test
  void objectsAreSortedLargestFirstWithTheirCentresAsSharesOfTheSide(@TempDir Path dir) {
    // drawn: "a" 32 px at (40, 50), "b" 64 px at (96, 32), on a 128 px scene
    SceneLayouts.Layout l =
        SceneLayouts.of(
            "s",
            List.of("a", "b"),
            List.of(32.0, 64.0),
            List.of(40.0, 96.0),
            List.of(50.0, 32.0),
            128);
    assertEquals(List.of("b", "a"), l.labels());
    assertEquals(List.of(0.5, 0.25), l.sides());
    assertEquals(List.of(0.75, 0.3125), l.xs());
    assertEquals(List.of(0.25, 0.3906), l.ys()); // 50 / 128 = 0.390625, kept to 1e-4
    SceneLayouts.write(dir.resolve(SceneLayouts.FILE), List.of(l));
    assertEquals(l, SceneLayouts.read(dir).get("s"));
  }

  @Test
  void aBoxIsASquareHoldingTheEmojiTurnedByUpTo20DegreesMovedInsideTheScene() {
    SceneLayouts.Layout l =
        new SceneLayouts.Layout(
            "s", List.of("a", "b"), List.of(0.5, 0.25), List.of(0.5, 0.1), List.of(0.5, 0.9));
    // s = ⌈64 px · (cos 20° + sin 20°)⌉ = ⌈64 · 1.281713⌉ = ⌈82.03⌉ = 83; x0 = round(64 - 41.5) =
    // 23
    assertArrayEquals(new int[] {23, 23, 106, 106}, l.box(0, 128));
    // s = ⌈32 · 1.281713⌉ = 42 around (12.8, 115.2): x0 = round(-8.2) -> 0, y0 = round(94.2) = 94
    // -> 128 - 42 = 86
    assertArrayEquals(new int[] {0, 86, 42, 128}, l.box(1, 128));
    SceneLayouts.Layout unplaced = new SceneLayouts.Layout("u", List.of("a"), List.of(0.5));
    assertThrows(DatasetException.class, () -> unplaced.box(0, 128));
  }

  @Test
  void aFileWrittenBeforePositionsReadsAsUnplaced(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(SceneLayouts.FILE),
        "{\"id\":\"s\",\"objects\":[{\"label\":\"a\",\"side\":0.3}]}\n");
    SceneLayouts.Layout l = SceneLayouts.read(dir).get("s");
    assertFalse(l.placed());
    assertEquals(List.of("a"), l.labels());
  }

  @Test
  void positionsForSomeObjectsOnlyAreRefused(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(SceneLayouts.FILE),
        "{\"id\":\"s\",\"objects\":[{\"label\":\"a\",\"side\":0.3,\"x\":0.5,\"y\":0.5},"
            + "{\"label\":\"b\",\"side\":0.3}]}\n");
    DatasetException e = assertThrows(DatasetException.class, () -> SceneLayouts.read(dir));
    assertTrue(e.getMessage().contains("scene s: needs an x and a y"), e.getMessage());
  }
}
