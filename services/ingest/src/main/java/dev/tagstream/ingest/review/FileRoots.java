package dev.tagstream.ingest.review;

import dev.tagstream.core.files.AllowedRoots;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The directories whose images the review page may show: a {@code file:} URI is served only when
 * its path, and the real path after following links, lie inside one of them (the worker's {@code
 * worker.file-roots} rule). No other scheme is ever fetched by the server. Thread-safe.
 */
public final class FileRoots {
  private final AllowedRoots roots;

  public FileRoots(List<Path> roots) {
    this.roots = new AllowedRoots(roots);
  }

  public List<Path> roots() {
    return roots.roots();
  }

  /**
   * Why a URI is not served: its answer says nothing about whether a file outside the roots exists.
   */
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
      throw new Refused(
          "only file: images are served here; the page loads http(s) images itself", false);
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
    try {
      return roots.realFile(path);
    } catch (AllowedRoots.RefusedPath e) {
      throw switch (e.refusal()) {
        case OUTSIDE -> outside();
        case MISSING -> new Refused("no such file", true);
        case NOT_REGULAR -> new Refused("not a regular file", true);
        case UNREADABLE ->
            new Refused("cannot read the file: " + e.getCause().getClass().getSimpleName(), true);
      };
    }
  }

  private Refused outside() {
    return new Refused(
        roots.roots().isEmpty()
            ? "file: images are not served (ingest.file-roots is empty)"
            : "the file lies outside ingest.file-roots",
        false);
  }
}
