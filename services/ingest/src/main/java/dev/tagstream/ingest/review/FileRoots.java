package dev.tagstream.ingest.review;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The directories whose images the review page may show: a {@code file:} URI is served only when its path, and
 * the real path after following links, lie inside one of them (the worker's {@code worker.file-roots} rule). No
 * other scheme is ever fetched by the server. Thread-safe.
 */
public final class FileRoots {
  private final List<Path> roots;

  public FileRoots(List<Path> roots) {
    this.roots = roots.stream().map(FileRoots::canonical).toList();
  }

  public List<Path> roots() {
    return roots;
  }

  /** Why a URI is not served: its answer says nothing about whether a file outside the roots exists. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean missing;

    Refused(String message, boolean missing) {
      super(message);
      this.missing = missing;
    }

    /** True when the path is allowed but no such regular file exists. */
    public boolean missing() {
      return missing;
    }
  }

  /** The real path of an allowed, existing regular file; else throws {@link Refused}. */
  public Path resolve(String uriText) {
    URI uri;
    try {
      uri = new URI(uriText);
    } catch (URISyntaxException e) {
      throw new Refused("malformed URI: " + e.getMessage(), false);
    }
    if (!"file".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
      throw new Refused("only file: images are served here; the page loads http(s) images itself", false);
    }
    if (uri.getPath() != null && java.util.Arrays.asList(uri.getPath().split("/")).contains("..")) {
      throw new Refused("the path contains '..'", false);
    }
    Path path;
    try {
      path = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new Refused("not a local file URI: " + e.getMessage(), false);
    }
    // checked before touching the file system, so refusals do not reveal which outside files exist
    if (!inside(path)) {
      throw outside();
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new Refused("no such file", true);
    } catch (IOException e) {
      throw new Refused("cannot read the file: " + e.getClass().getSimpleName(), true);
    }
    if (!inside(real)) {
      throw outside(); // a link inside a root pointing out of it
    }
    if (!Files.isRegularFile(real)) {
      throw new Refused("not a regular file", true);
    }
    return real;
  }

  private boolean inside(Path p) {
    return roots.stream().anyMatch(p::startsWith);
  }

  private Refused outside() {
    return new Refused(roots.isEmpty() ? "file: images are not served (ingest.file-roots is empty)"
        : "the file lies outside ingest.file-roots", false);
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
