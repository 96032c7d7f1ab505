package dev.tagstream.ingest.submit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The image files of a directory (its top level, or every level with {@code recursive}), in path
 * order, each with a {@link StableIds stable id} and its absolute {@code file:} URI. Hidden files
 * and directories are skipped.
 */
final class DirectoryItems {
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "webp");

  private DirectoryItems() {}

  static List<SubmitItem> read(Path dir, boolean recursive, String idPrefix, String source) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory");
    }
    Path root = dir.toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(root, recursive ? Integer.MAX_VALUE : 1)) {
      return files
          .filter(
              p ->
                  !p.equals(root)
                      && Files.isRegularFile(p)
                      && isImage(p)
                      && !hidden(root.relativize(p)))
          .map(p -> root.relativize(p))
          .sorted()
          .map(rel -> item(root, rel, idPrefix, source))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static SubmitItem item(Path root, Path relative, String idPrefix, String source) {
    String rel = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    String id = StableIds.of(idPrefix, rel);
    ObjectNode o = ManifestItems.JSON.createObjectNode();
    o.put("id", id);
    o.put("uri", root.resolve(relative).toUri().toString());
    o.put("source", source);
    return SubmitItem.of(rel, id, o);
  }

  static boolean isImage(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
