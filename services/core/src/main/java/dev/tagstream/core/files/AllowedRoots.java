package dev.tagstream.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories {@code file:} images may come from: the one confinement rule of the image fetcher
 * (worker and trainer reading images) and the ingest review pages (showing them). A path is allowed
 * when it, and its real path after following links, lie inside a root. Thread-safe.
 */
public final class AllowedRoots {
  /** Why a path was refused. */
  public enum Refusal {
    OUTSIDE,
    MISSING,
    NOT_REGULAR,
    UNREADABLE
  }

  /** A refused path; {@link #refusal()} says why, the cause (for UNREADABLE) says what failed. */
  public static final class RefusedPath extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    RefusedPath(Refusal refusal, Throwable cause) {
      super(refusal.name(), cause);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final List<Path> roots;

  public AllowedRoots(List<Path> roots) {
    this.roots = roots.stream().map(AllowedRoots::canonical).toList();
  }

  /** The roots as their real paths (or as written, for a root that does not exist yet). */
  public List<Path> roots() {
    return roots;
  }

  /**
   * The real path of an existing regular file at {@code path} (absolute and normalized) inside a
   * root. The path is checked before the file system is touched, so a refusal does not reveal
   * whether an outside file exists; the real path is checked again, so a link inside a root cannot
   * point out of it.
   */
  public Path realFile(Path path) {
    if (!inside(path)) {
      throw new RefusedPath(Refusal.OUTSIDE, null);
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new RefusedPath(Refusal.MISSING, e);
    } catch (IOException e) {
      throw new RefusedPath(Refusal.UNREADABLE, e);
    }
    if (!inside(real)) {
      throw new RefusedPath(Refusal.OUTSIDE, null);
    }
    if (!Files.isRegularFile(real)) {
      throw new RefusedPath(Refusal.NOT_REGULAR, null);
    }
    return real;
  }

  private boolean inside(Path p) {
    return roots.stream().anyMatch(p::startsWith);
  }

  private static Path canonical(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      return abs; // a root that does not exist yet confines as written
    }
  }
}
