package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidateComparisonTest {
  static ModelRelease r(
      String version, String parent, ReleaseStatus status, Map<String, Double> metrics) {
    return ModelRelease.newBuilder()
        .setName("tagger")
        .setVersion(version)
        .setParent(parent)
        .setArtifactUri("file:///r/" + version)
        .setLabelSetHash("h")
        .setMetrics(metrics)
        .setStatus(status)
        .setAnnouncedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void anOpenCandidateIsComparedWithTheCurrentModelOnlineFiguresPending() {
    ReleaseList l = new ReleaseList();
    l.apply(r("v0001", null, ReleaseStatus.PROMOTED, Map.of("mAP", 0.5)));
    l.apply(r("v0002", "v0001", ReleaseStatus.CANDIDATE, Map.of("mAP", 0.61, "current.mAP", 0.5)));
    assertEquals(
        Optional.of(
            new CandidateComparison(
                "tagger",
                "v0002",
                "candidate",
                "v0001",
                null,
                List.of(
                    new CandidateComparison.Row("held-out mAP", 0.61, 0.5),
                    new CandidateComparison.Row("online precision", null, null),
                    new CandidateComparison.Row("online recall", null, null),
                    new CandidateComparison.Row("online F1", null, null)))),
        CandidateComparison.of(l));
  }

  @Test
  void aPromotedVerdictIsComparedWithTheModelItReplacedAndCarriesTheOnlineFigures() {
    ReleaseList l = new ReleaseList();
    l.apply(r("v0001", null, ReleaseStatus.PROMOTED, Map.of()));
    l.apply(r("v0002", "v0001", ReleaseStatus.CANDIDATE, Map.of("mAP", 0.61)));
    l.apply(
        r(
            "v0002",
            "v0001",
            ReleaseStatus.PROMOTED,
            Map.of(
                "mAP", 0.61,
                "current.mAP", 0.5,
                "shadow.judged", 240.0,
                "shadow.candidate.precision", 0.8,
                "shadow.current.precision", 0.7,
                "shadow.candidate.recall", 0.6,
                "shadow.current.recall", 0.6,
                "shadow.candidate.f1", 0.6857,
                "shadow.current.f1", 0.6462)));
    l.apply(r("v0003", "v0002", ReleaseStatus.REJECTED, Map.of("mAP", 0.4))); // offline only
    CandidateComparison c = CandidateComparison.of(l).orElseThrow();
    assertEquals("v0002", c.candidate());
    assertEquals("promoted", c.status());
    assertEquals("v0001", c.current(), "the parent: v0002 itself is current now");
    assertEquals(240.0, c.judged());
    assertEquals(new CandidateComparison.Row("online precision", 0.8, 0.7), c.rows().get(1));
    assertEquals(new CandidateComparison.Row("online F1", 0.6857, 0.6462), c.rows().get(3));
  }

  @Test
  void nothingToCompareWithoutAShadowedRelease() {
    ReleaseList l = new ReleaseList();
    l.apply(r("v0001", null, ReleaseStatus.PROMOTED, Map.of("mAP", 0.5)));
    assertEquals(Optional.empty(), CandidateComparison.of(l));
  }
}
