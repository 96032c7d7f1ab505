package dev.tagstream.core.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseLogTest {
  static ModelRelease release(String name, String version, ReleaseStatus status) {
    return ModelRelease.newBuilder()
        .setName(name)
        .setVersion(version)
        .setArtifactUri("file:///r/" + version)
        .setLabelSetHash("h")
        .setStatus(status)
        .setAnnouncedAt(Instant.EPOCH)
        .build();
  }

  static Optional<String> current(ReleaseLog log) {
    return log.current().map(ModelRelease::getVersion);
  }

  @Test
  void currentIsTheNewestPromotedAndRejectedNeverServes() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0002", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0003", ReleaseStatus.REJECTED));
    assertEquals(Optional.of("v0002"), current(log));
    assertEquals(3, log.highestVersion());
  }

  @Test
  void aRollbackReannouncesAnOlderVersionWhichBecomesCurrent() {
    ReleaseLog log = new ReleaseLog("tagger");
    log.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0002", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    assertEquals(Optional.of("v0001"), current(log));
    assertEquals(2, log.highestVersion());
  }

  @Test
  void aRolledBackVersionFallsBackToThePreviousPromotion() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v1", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v2", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v2", ReleaseStatus.ROLLED_BACK));
    assertEquals(Optional.of("v1"), current(log));
  }

  @Test
  void ignoresOtherModelNamesWhenOneIsConfigured() {
    ReleaseLog log = new ReleaseLog("tagger");
    log.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    log.apply(release("other", "v0009", ReleaseStatus.PROMOTED));
    assertEquals(Optional.of("v0001"), current(log));
    assertEquals(1, log.highestVersion());
  }

  @Test
  void nothingIsCurrentBeforeAPromotion() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v1", ReleaseStatus.REJECTED));
    assertEquals(Optional.empty(), current(log));
    assertEquals(0, ReleaseLog.versionNumber("candidate-7"));
    assertEquals(
        0,
        ReleaseLog.versionNumber("v" + "9".repeat(20)),
        "too long for a number: not a vN version");
    assertEquals(12, ReleaseLog.versionNumber("v000000000000000012"));
  }

  @Test
  void promotedNewestFirstIsTheFallbackOrder() {
    ReleaseLog log = new ReleaseLog("tagger");
    log.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0002", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0003", ReleaseStatus.REJECTED));
    log.apply(release("tagger", "v0004", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0002", ReleaseStatus.ROLLED_BACK));
    assertEquals(
        java.util.List.of("v0004", "v0001"),
        log.promotedNewestFirst().stream().map(r -> r.getVersion().toString()).toList());
  }

  @Test
  void aCandidateNeverServesAndItsVerdictEndsIt() {
    ReleaseLog log = new ReleaseLog("tagger");
    log.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    log.apply(release("tagger", "v0002", ReleaseStatus.CANDIDATE));
    assertEquals(Optional.of("v0001"), current(log));
    assertEquals(java.util.List.of("v0001"), versions(log.promotedNewestFirst()));
    assertEquals(Optional.of("v0002"), log.candidate().map(ModelRelease::getVersion));
    assertEquals(2, log.highestVersion());

    log.apply(release("tagger", "v0002", ReleaseStatus.REJECTED));
    assertEquals(Optional.empty(), log.candidate());
    assertEquals(Optional.of("v0001"), current(log));

    log.apply(release("tagger", "v0003", ReleaseStatus.CANDIDATE));
    log.apply(release("tagger", "v0003", ReleaseStatus.PROMOTED));
    assertEquals(Optional.empty(), log.candidate());
    assertEquals(Optional.of("v0003"), current(log));
  }

  @Test
  void aCandidateAnnouncedBeforeAnyPromotionServesNothing() {
    ReleaseLog log = new ReleaseLog("");
    log.apply(release("tagger", "v1", ReleaseStatus.CANDIDATE));
    assertEquals(Optional.empty(), current(log));
    assertEquals(Optional.of("v1"), log.candidate().map(ModelRelease::getVersion));
  }

  private static java.util.List<String> versions(java.util.List<ModelRelease> releases) {
    return releases.stream().map(r -> r.getVersion().toString()).toList();
  }
}
