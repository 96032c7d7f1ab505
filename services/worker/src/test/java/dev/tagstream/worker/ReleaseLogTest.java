package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseLogTest {
  private static ModelRelease release(String name, String version, ReleaseStatus status) {
    return ModelRelease.newBuilder().setName(name).setVersion(version).setArtifactUri("/models/" + version)
        .setLabelSetHash("h").setStatus(status).setAnnouncedAt(Instant.EPOCH).build();
  }

  private static Optional<String> desired(ReleaseLog log) {
    return log.desired().map(ModelRelease::getVersion);
  }

  @Test
  void servesNewestPromoted() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v1", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v2", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v3", ReleaseStatus.REJECTED));
    assertEquals(Optional.of("v2"), desired(log));
  }

  @Test
  void fallsBackToPreviousAfterRollback() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v1", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v2", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v2", ReleaseStatus.ROLLED_BACK));
    assertEquals(Optional.of("v1"), desired(log));
  }

  @Test
  void ignoresOtherModelNamesWhenOneIsConfigured() {
    ReleaseLog log = new ReleaseLog("tagger");
    log.apply(release("tagger", "v1", ReleaseStatus.PROMOTED));
    log.apply(release("other", "v9", ReleaseStatus.PROMOTED));
    assertEquals(Optional.of("v1"), desired(log));
  }

  @Test
  void servesNothingBeforeAPromotion() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v1", ReleaseStatus.REJECTED));
    assertEquals(Optional.empty(), desired(log));
  }
}
