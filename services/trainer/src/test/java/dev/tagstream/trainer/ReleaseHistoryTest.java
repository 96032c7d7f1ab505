package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseHistoryTest {
  static ModelRelease release(String name, String version, ReleaseStatus status) {
    return ModelRelease.newBuilder().setName(name).setVersion(version).setArtifactUri("file:///r/" + version)
        .setLabelSetHash("h").setStatus(status).setAnnouncedAt(Instant.parse("2026-11-28T19:00:00Z")).build();
  }

  @Test
  void currentIsTheNewestPromotedAnnouncement() {
    ReleaseHistory h = new ReleaseHistory("tagger");
    h.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED));
    h.apply(release("tagger", "v0002", ReleaseStatus.PROMOTED));
    h.apply(release("tagger", "v0003", ReleaseStatus.REJECTED));
    assertEquals("v0002", h.current().orElseThrow().getVersion());
    h.apply(release("tagger", "v0001", ReleaseStatus.PROMOTED)); // a rollback
    assertEquals("v0001", h.current().orElseThrow().getVersion());
    assertEquals(3, h.highestVersion());
  }

  @Test
  void ignoresOtherModelNames() {
    ReleaseHistory h = new ReleaseHistory("tagger");
    h.apply(release("other", "v0009", ReleaseStatus.PROMOTED));
    assertEquals(Optional.empty(), h.current());
    assertEquals(0, h.highestVersion());
  }
}
