package dev.tagstream.trainer;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.core.releases.ReleaseLog;
import dev.tagstream.model.artifact.ArtifactException;
import dev.tagstream.model.artifact.ModelArtifact;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in service: the newest PROMOTED release whose artifact loads and verifies. Workers
 * refuse a broken newest release and keep serving the one before it; the trainer warm-starts from,
 * gates against and counts new evidence since the same one.
 */
record CurrentModel(ModelRelease release, ModelArtifact artifact) {
  private static final Logger log = LoggerFactory.getLogger(CurrentModel.class);

  static Optional<CurrentModel> of(ReleaseLog history) {
    for (ModelRelease r : history.promotedNewestFirst()) {
      try {
        return Optional.of(
            new CurrentModel(r, ModelArtifact.load(ReleasePublisher.artifactDir(r))));
      } catch (ArtifactException | IllegalArgumentException e) {
        log.warn(
            "release {} cannot be loaded ({}); the release before it is current",
            r.getVersion(),
            e.getMessage());
      }
    }
    return Optional.empty();
  }
}
