package dev.tagstream.model.artifact;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pretrained backbone that ships inside the jar (see MODEL-CARD.md beside its files): the
 * artifact {@code tagstream pretrain emoji} wrote, used as the warm start of {@code train}, of the
 * trainer's first model and of the demo unless they are told {@code scratch}. Why a warm start and
 * not a default spec: a head on these frozen features learns labels from a few observed positives,
 * which a backbone trained from scratch on the same images cannot (bench/results/losses.md).
 *
 * <p>The files are copied once into a directory named by their hash, because training reads weights
 * from a path. Anything wrong (missing from the build, a corrupt copy) is an {@link
 * ArtifactException}: a caller that asked for the shipped backbone never silently gets a random
 * one.
 */
public final class ShippedBackbone {
  /** The name users pass ({@code --backbone shipped}). */
  public static final String NAME = "shipped";

  /** The name that asks for a randomly initialised backbone instead. */
  public static final String SCRATCH = "scratch";

  /** The version its model.json names: the parent of a model trained from it. */
  public static final String VERSION = "shipped-emoji-scenes";

  /** SHA-256 of backbone.params, the weights the model card describes. */
  public static final String BACKBONE_SHA256 =
      "2e4196ee35c6aac07cc6e97fb0b65d4566a2c7fff25521b4b12b1ba21733c822";

  static final String RESOURCE_DIR = "/dev/tagstream/model/shipped/backbone/";
  static final List<String> FILES =
      List.of(
          ModelArtifact.MODEL_JSON,
          ModelArtifact.LABELS,
          ModelArtifact.THRESHOLDS,
          "backbone.params",
          "head.params");
  private static final JarArtifact ARTIFACT =
      new JarArtifact(
          "emoji-scenes",
          FILES.stream().collect(Collectors.toMap(f -> f, f -> RESOURCE_DIR + f)),
          "the shipped backbone");

  private ShippedBackbone() {}

  /** Where the files are unpacked unless told otherwise: the user's tagstream cache. */
  public static Path defaultCache() {
    return Path.of(System.getProperty("user.home"), ".cache", "tagstream", "backbones");
  }

  /** The shipped artifact, unpacked under {@link #defaultCache()}. */
  public static ModelArtifact load() {
    return load(defaultCache());
  }

  /**
   * The shipped artifact, unpacked under cacheRoot (once; later calls verify and reuse the copy).
   */
  public static ModelArtifact load(Path cacheRoot) {
    ModelArtifact a = ARTIFACT.load(cacheRoot);
    if (!BACKBONE_SHA256.equals(a.info().files().get("backbone.params"))) {
      throw new ArtifactException(
          a.dir(),
          "is not the shipped backbone (backbone.params hash differs from "
              + BACKBONE_SHA256
              + "); delete the directory and it is unpacked again");
    }
    return a;
  }

  /**
   * Resolves a --backbone value: {@link #NAME} is the shipped artifact, {@link #SCRATCH} is null
   * (random init).
   */
  public static ModelArtifact resolve(String choice) {
    return switch (choice) {
      case NAME -> load();
      case SCRATCH -> null;
      default ->
          throw new IllegalArgumentException(
              "backbone must be '" + NAME + "' or '" + SCRATCH + "', got '" + choice + "'");
    };
  }
}
