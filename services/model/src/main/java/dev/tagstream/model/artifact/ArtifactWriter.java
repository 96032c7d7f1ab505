package dev.tagstream.model.artifact;

import dev.tagstream.model.labels.Vocabulary;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a version directory into a hidden temp sibling and renames it into place atomically, so a
 * crash never leaves a partial version; an existing version is never overwritten.
 */
public final class ArtifactWriter {
  /** Writes the weights files into the (temporary) directory it is given. */
  @FunctionalInterface
  public interface WeightsWriter {
    void write(Path dir) throws IOException;
  }

  private ArtifactWriter() {}

  /**
   * @param weightFiles names of the files weights writes, hashed into model.json
   */
  public static ModelArtifact write(
      Path target,
      ModelInfo info,
      Vocabulary vocabulary,
      float[] thresholds,
      List<String> weightFiles,
      WeightsWriter weights) {
    if (thresholds.length != vocabulary.size() || info.numLabels() != vocabulary.size()) {
      throw new ArtifactException(
          target,
          "thresholds ("
              + thresholds.length
              + ") and numLabels ("
              + info.numLabels()
              + ") must equal the vocabulary size "
              + vocabulary.size());
    }
    if (Files.exists(target)) {
      throw new ArtifactException(target, "already exists; versions are immutable");
    }
    Path parent = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
      weights.write(tmp);
      Map<String, String> files = new TreeMap<>();
      for (String f : weightFiles) {
        files.put(f, ArtifactJson.sha256(tmp.resolve(f)));
      }
      ModelInfo complete = info.withFiles(files);
      vocabulary.write(tmp.resolve(ModelArtifact.LABELS));
      ArtifactJson.MAPPER.writeValue(tmp.resolve(ModelArtifact.THRESHOLDS).toFile(), thresholds);
      // model.json last: its presence marks a complete directory even for readers of the temp dir
      ArtifactJson.MAPPER.writeValue(tmp.resolve(ModelArtifact.MODEL_JSON).toFile(), complete);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      tmp = null;
      return ModelArtifact.load(target);
    } catch (IOException e) {
      throw new ArtifactException(target, "cannot write: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        Directories.deleteQuietly(tmp);
      }
    }
  }
}
