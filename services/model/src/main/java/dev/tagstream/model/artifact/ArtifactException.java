package dev.tagstream.model.artifact;

import java.nio.file.Path;

/**
 * A model artifact directory is missing, incomplete, inconsistent or corrupt; names the directory
 * and the problem.
 */
public class ArtifactException extends RuntimeException {
  private final Path dir;

  public ArtifactException(Path dir, String problem) {
    this(dir, problem, null);
  }

  public ArtifactException(Path dir, String problem, Throwable cause) {
    super("model artifact " + dir + ": " + problem, cause);
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }
}
