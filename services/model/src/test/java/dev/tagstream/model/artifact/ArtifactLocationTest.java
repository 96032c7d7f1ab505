package dev.tagstream.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArtifactLocationTest {
  @Test
  void aFileUriAndAPlainPathNameTheSameDirectory() {
    assertEquals(
        Path.of("/data/registry/v0001"), ArtifactLocation.toPath("file:///data/registry/v0001"));
    assertEquals(Path.of("/data/registry/v0001"), ArtifactLocation.toPath("/data/registry/v0001"));
    assertEquals(Path.of("registry/v0002"), ArtifactLocation.toPath("registry/v0002"));
  }

  @Test
  void otherSchemesAndBrokenUrisAreRefusedNamingTheLocation() {
    assertEquals(
        "artifact location 's3://bucket/v1': only file: URIs and paths are supported",
        assertThrows(
                IllegalArgumentException.class, () -> ArtifactLocation.toPath("s3://bucket/v1"))
            .getMessage());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ArtifactLocation.toPath("file://host/x y"));
    assertEquals(
        true,
        e.getMessage().startsWith("artifact location 'file://host/x y' is not a "),
        e.getMessage());
  }
}
