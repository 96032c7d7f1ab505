package dev.tagstream.worker.serving;

import ai.djl.Device;
import dev.tagstream.model.artifact.ArtifactLocation;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.infer.ScoreBatch;
import dev.tagstream.model.infer.Scorer;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a model version and proves it works before anyone is switched to it: the artifact validates
 * (files, hashes, label set), the label set matches what the release announced, the weights load
 * into the expected shapes, and a smoke inference gives one finite probability in [0, 1] per label
 * for each image.
 */
public final class ModelLoader {
  private final Device device;
  private final int topK;

  public ModelLoader(Device device, int topK) {
    this.device = device;
    this.topK = topK;
  }

  /** The device models are loaded on (a GPU when DJL found one and worker.device allows it). */
  public Device device() {
    return device;
  }

  /** A release's artifactUri: a file: URI or a plain path. */
  static Path artifactPath(String location) {
    try {
      return ArtifactLocation.toPath(location);
    } catch (IllegalArgumentException e) {
      throw new ModelRejectedException(location, e.getMessage(), e);
    }
  }

  /**
   * @param expectedLabelSetHash the release's label-set hash, or null when there is no release
   *     (worker.model)
   */
  public ServingModel load(String location, String expectedLabelSetHash) {
    Path dir = artifactPath(location);
    ModelArtifact artifact;
    try {
      artifact = ModelArtifact.load(dir);
    } catch (RuntimeException e) {
      throw new ModelRejectedException(location, e.getMessage(), e);
    }
    String hash = artifact.vocabulary().hash();
    if (expectedLabelSetHash != null
        && !expectedLabelSetHash.isEmpty()
        && !expectedLabelSetHash.equals(hash)) {
      throw new ModelRejectedException(
          location,
          "label set hash " + hash + " differs from the release's " + expectedLabelSetHash,
          null);
    }
    Scorer scorer;
    try {
      scorer = Scorer.open(artifact, device);
    } catch (RuntimeException e) {
      throw new ModelRejectedException(location, e.getMessage(), e);
    }
    try {
      smokeTest(scorer, artifact.vocabulary().size());
      return new ServingModel(scorer, topK);
    } catch (RuntimeException e) {
      scorer.close();
      throw e instanceof ModelRejectedException r
          ? r
          : new ModelRejectedException(location, "smoke inference failed: " + e, e);
    }
  }

  private static void smokeTest(Scorer scorer, int labels) {
    int len = scorer.preprocessor().length();
    ScoreBatch out = scorer.score(List.of(new float[len], new float[len]));
    if (out.size() != 2) {
      throw new ModelRejectedException(
          scorer.artifact().dir().toString(),
          "smoke inference gave " + out.size() + " results for 2 images",
          null);
    }
    for (float[] p : out.probabilities()) {
      if (p.length != labels) {
        throw new ModelRejectedException(
            scorer.artifact().dir().toString(),
            "smoke inference gave " + p.length + " probabilities for " + labels + " labels",
            null);
      }
      for (float v : p) {
        if (!(v >= 0f && v <= 1f)) {
          throw new ModelRejectedException(
              scorer.artifact().dir().toString(),
              "smoke inference gave a probability outside [0, 1]: " + v,
              null);
        }
      }
    }
  }
}
