package dev.tagstream.model.artifact;

import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.Backbones;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A validated, loaded model version directory: model.json, labels.json, thresholds.json and the
 * weights files.
 */
public final class ModelArtifact {
  public static final String MODEL_JSON = "model.json";
  public static final String LABELS = "labels.json";
  public static final String THRESHOLDS = "thresholds.json";

  private final Path dir;
  private final ModelInfo info;
  private final Vocabulary vocabulary;
  private final float[] thresholds;

  private ModelArtifact(Path dir, ModelInfo info, Vocabulary vocabulary, float[] thresholds) {
    this.dir = dir;
    this.info = info;
    this.vocabulary = vocabulary;
    this.thresholds = thresholds;
  }

  /**
   * Loads and validates; every problem is an ArtifactException naming the directory and the
   * culprit.
   */
  public static ModelArtifact load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ArtifactException(dir, "not a directory");
    }
    for (String f : new String[] {MODEL_JSON, LABELS, THRESHOLDS}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new ArtifactException(dir, "missing " + f);
      }
    }
    ModelInfo info;
    float[] thresholds;
    try {
      info = ArtifactJson.MAPPER.readValue(dir.resolve(MODEL_JSON).toFile(), ModelInfo.class);
    } catch (IOException e) {
      throw new ArtifactException(dir, "unreadable " + MODEL_JSON + ": " + e.getMessage(), e);
    }
    try {
      thresholds = ArtifactJson.MAPPER.readValue(dir.resolve(THRESHOLDS).toFile(), float[].class);
    } catch (IOException e) {
      throw new ArtifactException(dir, "unreadable " + THRESHOLDS + ": " + e.getMessage(), e);
    }
    Vocabulary vocab;
    try {
      vocab = Vocabulary.load(dir.resolve(LABELS));
    } catch (VocabularyException e) {
      throw new ArtifactException(dir, "bad " + LABELS + ": " + e.getMessage(), e);
    }
    if (info.formatVersion() != ModelInfo.FORMAT) {
      throw new ArtifactException(dir, "unsupported formatVersion " + info.formatVersion());
    }
    if (info.numLabels() != vocab.size()) {
      throw new ArtifactException(
          dir,
          "model.json says "
              + info.numLabels()
              + " head outputs but labels.json has "
              + vocab.size()
              + " labels");
    }
    if (thresholds.length != vocab.size()) {
      throw new ArtifactException(
          dir,
          THRESHOLDS + " has " + thresholds.length + " values for " + vocab.size() + " labels");
    }
    if (!vocab.hash().equals(info.labelSetHash())) {
      throw new ArtifactException(dir, "labels.json does not match model.json labelSetHash");
    }
    checkWeights(dir, info);
    return new ModelArtifact(dir, info, vocab, thresholds);
  }

  private static void checkWeights(Path dir, ModelInfo info) {
    BackboneSpec b = info.backbone();
    String backboneFile = Backbones.fileName(b);
    for (String required : new String[] {backboneFile, TaggerNetwork.HEAD_PARAMS}) {
      if (!info.files().containsKey(required)) {
        throw new ArtifactException(dir, "model.json lists no hash for weights file " + required);
      }
    }
    for (Map.Entry<String, String> f : info.files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      if (!Files.isRegularFile(p)) {
        throw new ArtifactException(dir, "missing weights file " + f.getKey());
      }
      try {
        if (!ArtifactJson.sha256(p).equals(f.getValue())) {
          throw new ArtifactException(
              dir, "weights file " + f.getKey() + " is truncated or corrupt (SHA-256 mismatch)");
        }
      } catch (IOException e) {
        throw new ArtifactException(dir, "cannot read weights file " + f.getKey(), e);
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public ModelInfo info() {
    return info;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Per-label decision thresholds, aligned with vocabulary(); a copy. */
  public float[] thresholds() {
    return thresholds.clone();
  }

  public Path file(String name) {
    return dir.resolve(name);
  }
}
