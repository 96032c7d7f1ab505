package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRootsTest {
  @TempDir Path dir;
  Path root;
  FileRoots roots;

  @BeforeEach
  void files() throws Exception {
    root = Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/a.png"), "x");
    Files.writeString(dir.resolve("secret.png"), "y");
    roots = new FileRoots(List.of(root));
  }

  FileRoots.Refused refused(String uri) {
    return assertThrows(FileRoots.Refused.class, () -> roots.resolve(uri));
  }

  @Test
  void servesARegularFileInsideARoot() throws Exception {
    assertEquals(
        root.resolve("sub/a.png").toRealPath(),
        roots.resolve(root.resolve("sub/a.png").toUri().toString()));
  }

  @Test
  void refusesAFileOutsideTheRootsWithoutSayingWhetherItExists() {
    FileRoots.Refused e = refused(dir.resolve("secret.png").toUri().toString());
    assertEquals("the file lies outside ingest.file-roots", e.getMessage());
    assertFalse(e.missing());
    assertEquals(
        "the file lies outside ingest.file-roots",
        refused("file:///etc/no-such-file.png").getMessage());
  }

  @Test
  void refusesTraversalEvenWhenItWouldLandInsideARoot() {
    assertEquals(
        "the path contains '..'", refused("file://" + root + "/sub/../sub/a.png").getMessage());
    assertEquals(
        "the path contains '..'", refused("file://" + root + "/../secret.png").getMessage());
    assertEquals(
        "the path contains '..'", refused("file://" + root + "/%2e%2e/secret.png").getMessage());
  }

  @Test
  void refusesALinkInsideARootThatPointsOutOfIt() throws Exception {
    Path link = Files.createSymbolicLink(root.resolve("link.png"), dir.resolve("secret.png"));
    assertEquals(
        "the file lies outside ingest.file-roots", refused(link.toUri().toString()).getMessage());
  }

  @Test
  void refusesEverySchemeButFile() {
    assertEquals(
        "only file: images are served here; the page loads http(s) images itself",
        refused("http://169.254.169.254/latest/meta-data").getMessage());
    assertTrue(refused("not a uri").getMessage().startsWith("malformed URI"));
  }

  @Test
  void reportsAMissingFileOrADirectoryInsideARootAsMissing() {
    assertTrue(refused(root.resolve("sub/none.png").toUri().toString()).missing());
    FileRoots.Refused d = refused(root.resolve("sub").toUri().toString());
    assertEquals("not a regular file", d.getMessage());
    assertTrue(d.missing());
  }

  @Test
  void withNoRootsNothingIsServed() {
    FileRoots none = new FileRoots(List.of());
    assertEquals(
        "file: images are not served (ingest.file-roots is empty)",
        assertThrows(
                FileRoots.Refused.class,
                () -> none.resolve(root.resolve("sub/a.png").toUri().toString()))
            .getMessage());
  }
}
