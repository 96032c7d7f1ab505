package dev.tagstream.ingest.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.model.artifact.ArtifactJson;
import dev.tagstream.model.artifact.ArtifactLocation;
import dev.tagstream.model.artifact.LabelReport;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads announced artifacts lazily, once per artifact location (an announced artifact never
 * changes). Only the small JSON files are read: the weights, and their SHA-256 check in {@link
 * ModelArtifact#load}, are the worker's business, not a review page's.
 */
public final class ModelArtifacts {
  private final ReleaseList releases;
  private final Map<String, ArtifactFacts> cache = new ConcurrentHashMap<>();

  public ModelArtifacts(ReleaseList releases) {
    this.releases = releases;
  }

  public ReleaseList releases() {
    return releases;
  }

  public ArtifactFacts facts(ModelRelease r) {
    return cache.computeIfAbsent(r.getArtifactUri(), ModelArtifacts::read);
  }

  /**
   * The thresholds of a model version, or null when no release names it or its artifact is
   * unreadable.
   */
  public ThresholdBook thresholds(String version) {
    Optional<ModelRelease> r = releases.byVersion(version);
    return r.map(this::facts).map(ArtifactFacts::thresholds).orElse(null);
  }

  /**
   * The vocabulary of the current model (newest announcement over all names), if its artifact is
   * readable.
   */
  public Optional<Vocabulary> currentVocabulary() {
    return releases.current().map(this::facts).map(ArtifactFacts::vocabulary);
  }

  /** A report that does not read costs the label history its per-version figures, not the page. */
  private static LabelReport labelReport(Path dir) {
    try {
      return LabelReport.read(dir).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  static ArtifactFacts read(String location) {
    Path dir;
    try {
      dir = ArtifactLocation.toPath(location);
    } catch (IllegalArgumentException e) {
      return ArtifactFacts.unreadable(
          null, "artifact location '" + location + "' is not a local directory");
    }
    if (!Files.isDirectory(dir)) {
      return ArtifactFacts.unreadable(dir, "artifact directory " + dir + " is not readable here");
    }
    try {
      JsonNode model = ArtifactJson.MAPPER.readTree(dir.resolve(ModelArtifact.MODEL_JSON).toFile());
      Vocabulary vocabulary = Vocabulary.load(dir.resolve(ModelArtifact.LABELS));
      float[] thresholds =
          ArtifactJson.MAPPER.readValue(
              dir.resolve(ModelArtifact.THRESHOLDS).toFile(), float[].class);
      if (thresholds.length != vocabulary.size()) {
        return ArtifactFacts.unreadable(
            dir,
            ModelArtifact.THRESHOLDS
                + " has "
                + thresholds.length
                + " values for "
                + vocabulary.size()
                + " labels");
      }
      return new ArtifactFacts(
          dir,
          model,
          vocabulary,
          ThresholdBook.of(vocabulary.names(), thresholds),
          labelReport(dir),
          null);
    } catch (IOException | VocabularyException e) {
      return ArtifactFacts.unreadable(
          dir, "cannot read the artifact in " + dir + ": " + e.getMessage());
    }
  }
}
