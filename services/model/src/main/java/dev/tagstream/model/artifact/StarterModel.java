package dev.tagstream.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The starter model that ships inside the jar (MODEL-CARD.md beside its files): a head for the
 * EmojiScenes vocabulary on the shipped backbone, so that {@code tagstream up} serves useful tags
 * in an empty directory before anyone has confirmed a label. Its backbone is the shipped backbone's
 * own file (head-only training kept it), so the jar carries those weights once. Unpacked and
 * verified like the backbone ({@link JarArtifact}).
 */
public final class StarterModel {
  static final String RESOURCE_DIR = "/dev/tagstream/model/shipped/starter/";
  private static final JarArtifact ARTIFACT =
      new JarArtifact(
          "starter",
          Map.of(
              ModelArtifact.MODEL_JSON,
              RESOURCE_DIR + ModelArtifact.MODEL_JSON,
              ModelArtifact.LABELS,
              RESOURCE_DIR + ModelArtifact.LABELS,
              ModelArtifact.THRESHOLDS,
              RESOURCE_DIR + ModelArtifact.THRESHOLDS,
              "head.params",
              RESOURCE_DIR + "head.params",
              "backbone.params",
              ShippedBackbone.RESOURCE_DIR + "backbone.params"),
          "the starter model");

  private StarterModel() {}

  /** The starter artifact, unpacked under the user's tagstream cache. */
  public static ModelArtifact load() {
    return load(ShippedBackbone.defaultCache().resolveSibling("models"));
  }

  /**
   * The starter's vocabulary alone, copied to {@code file}: cheap (no weights read or hashed), for
   * checking a configuration that will name the starter before the artifact itself is unpacked and
   * verified.
   */
  public static Path copyLabels(Path file) {
    try (InputStream in =
        StarterModel.class.getResourceAsStream(RESOURCE_DIR + ModelArtifact.LABELS)) {
      if (in == null) {
        throw new ArtifactException(
            file, "the starter model's labels.json is missing from this build");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new ArtifactException(
          file, "cannot copy the starter model's labels.json: " + e.getMessage(), e);
    }
  }

  /**
   * The starter artifact, unpacked under cacheRoot (once; later calls verify and reuse the copy).
   */
  public static ModelArtifact load(Path cacheRoot) {
    return ARTIFACT.load(cacheRoot);
  }
}
