package dev.tagstream.model.artifact;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a release's artifact lives, as the {@code models} topic says it ({@code artifactUri}): a
 * {@code file:} URI or a plain path. Other schemes are refused: every reader (worker, trainer,
 * ingest's review pages, the demo) loads artifacts from a local or mounted directory.
 */
public final class ArtifactLocation {
  private ArtifactLocation() {}

  /** The directory; an IllegalArgumentException naming the location when it is no local path. */
  public static Path toPath(String location) {
    try {
      if (location.startsWith("file:")) {
        return Path.of(URI.create(location));
      }
      if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
        throw new IllegalArgumentException(
            "artifact location '" + location + "': only file: URIs and paths are" + " supported");
      }
      return Path.of(location);
    } catch (FileSystemNotFoundException | InvalidPathException e) {
      throw new IllegalArgumentException(
          "artifact location '" + location + "' is not a local path: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("artifact location")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "artifact location '" + location + "' is not a file URI: " + e.getMessage(), e);
    }
  }
}
