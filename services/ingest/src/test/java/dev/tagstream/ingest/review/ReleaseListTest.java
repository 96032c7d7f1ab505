package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseListTest {
  static ModelRelease r(String name, String version, ReleaseStatus status, long at) {
    return ModelRelease.newBuilder()
        .setName(name)
        .setVersion(version)
        .setArtifactUri("file:///r/" + version)
        .setLabelSetHash("h")
        .setStatus(status)
        .setAnnouncedAt(Instant.ofEpochSecond(at))
        .build();
  }

  static Optional<String> current(ReleaseList l, String name) {
    return l.current(name).map(ModelRelease::getVersion);
  }

  @Test
  void theNewestPromotedVersionIsCurrentAndARejectedOneNeverIs() {
    ReleaseList l = new ReleaseList();
    l.apply(r("m", "v0001", ReleaseStatus.PROMOTED, 1));
    l.apply(r("m", "v0002", ReleaseStatus.PROMOTED, 2));
    l.apply(r("m", "v0003", ReleaseStatus.REJECTED, 3));
    assertEquals(Optional.of("v0002"), current(l, "m"));
    assertTrue(l.isCurrent(r("m", "v0002", ReleaseStatus.PROMOTED, 2)));
    assertFalse(l.isCurrent(r("m", "v0003", ReleaseStatus.REJECTED, 3)));
    assertEquals(
        List.of("v0003", "v0002", "v0001"),
        l.newestFirst().stream().map(ModelRelease::getVersion).toList());
  }

  @Test
  void aRollbackMakesThePreviousPromotedVersionCurrentAndKeepsTheListOrder() {
    ReleaseList l = new ReleaseList();
    l.apply(r("m", "v0001", ReleaseStatus.PROMOTED, 1));
    l.apply(r("m", "v0002", ReleaseStatus.PROMOTED, 2));
    l.apply(r("m", "v0002", ReleaseStatus.ROLLED_BACK, 3));
    assertEquals(Optional.of("v0001"), current(l, "m"));
    assertEquals(
        List.of("v0002:ROLLED_BACK", "v0001:PROMOTED"),
        l.newestFirst().stream().map(x -> x.getVersion() + ":" + x.getStatus()).toList());
  }

  @Test
  void modelNamesAreSeparateAndTheOverallCurrentIsTheLastAnnounced() {
    ReleaseList l = new ReleaseList();
    l.apply(r("a", "v0001", ReleaseStatus.PROMOTED, 5));
    l.apply(r("b", "v0007", ReleaseStatus.PROMOTED, 9));
    assertEquals(Optional.of("v0001"), current(l, "a"));
    assertEquals("v0007", l.current().orElseThrow().getVersion());
    assertEquals("b", l.byVersion("v0007").orElseThrow().getName());
    assertEquals(Optional.empty(), current(l, "c"));
  }
}
