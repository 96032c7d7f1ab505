package dev.tagstream.model.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of version directories named v0001, v0002, ...; hidden temp directories are ignored.
 */
public final class ModelRegistry {
  private static final Pattern VERSION = Pattern.compile("v(\\d+)");
  private final Path root;

  public ModelRegistry(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Version names in ascending order. */
  public List<String> versions() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> VERSION.matcher(n).matches())
          .sorted((a, b) -> Long.compare(number(a), number(b)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<ModelArtifact> latest() {
    List<String> v = versions();
    return v.isEmpty()
        ? Optional.empty()
        : Optional.of(ModelArtifact.load(root.resolve(v.get(v.size() - 1))));
  }

  public String nextVersion() {
    List<String> v = versions();
    long next = v.isEmpty() ? 1 : number(v.get(v.size() - 1)) + 1;
    return String.format("v%04d", next);
  }

  public Path pathFor(String version) {
    return root.resolve(version);
  }

  private static long number(String version) {
    Matcher m = VERSION.matcher(version);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
