package dev.tagstream.ingest.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryItemsTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("cats/big"));
    Files.createDirectories(dir.resolve(".cache"));
    for (String f :
        List.of(
            "b.png",
            "a.JPG",
            "notes.txt",
            ".hidden.png",
            "cats/tabby.png",
            "cats/big/lion.webp",
            ".cache/x.png")) {
      Files.write(dir.resolve(f), new byte[] {1});
    }
  }

  @Test
  void listsTopLevelImagesInPathOrderSkippingHiddenAndNonImages() {
    List<SubmitItem> items = DirectoryItems.read(dir, false, "", "submit");
    assertEquals(List.of("a.JPG", "b.png"), items.stream().map(SubmitItem::id).toList());
    assertEquals(
        dir.toAbsolutePath().resolve("a.JPG").toUri().toString(),
        items.get(0).json().get("uri").asText());
    assertEquals("submit", items.get(0).json().get("source").asText());
  }

  @Test
  void descendsWhenRecursiveWithIdsFromTheRelativePath() {
    List<SubmitItem> items = DirectoryItems.read(dir, true, "zoo:", "submit");
    assertEquals(
        List.of("zoo:a.JPG", "zoo:b.png", "zoo:cats:big:lion.webp", "zoo:cats:tabby.png"),
        items.stream().map(SubmitItem::id).toList());
    assertEquals("cats/big/lion.webp", items.get(2).origin());
  }
}
