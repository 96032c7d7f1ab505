package dev.tagstream.ingest.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.model.artifact.LabelReport;
import dev.tagstream.model.labels.Vocabulary;
import java.nio.file.Path;

/**
 * What the review pages read from a model version's artifact directory: model.json (as JSON: the
 * pages show what is there and must not break on a field they do not know), the vocabulary and the
 * thresholds. Either all of it, or {@code problem} saying why not (dir may then be null). The
 * per-label report is optional: versions trained before it existed, or whose report does not read,
 * have {@code labels} null.
 */
public record ArtifactFacts(
    Path dir,
    JsonNode model,
    Vocabulary vocabulary,
    ThresholdBook thresholds,
    LabelReport labels,
    String problem) {
  static ArtifactFacts unreadable(Path dir, String problem) {
    return new ArtifactFacts(dir, null, null, null, null, problem);
  }

  public boolean readable() {
    return problem == null;
  }
}
