package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.core.quality.Tally;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowVerdictTest {
  private static final ModelRelease CANDIDATE =
      ModelRelease.newBuilder()
          .setName("tagger")
          .setVersion("v0002")
          .setParent("v0001")
          .setArtifactUri("file:///r/v0002")
          .setLabelSetHash("h")
          .setMetrics(Map.of("mAP", 0.6, "current.mAP", 0.5))
          .setStatus(ReleaseStatus.CANDIDATE)
          .setReason("offline: mAP 0.6000 vs current 0.5000")
          .setAnnouncedAt(Instant.EPOCH)
          .build();

  @Test
  void theVerdictIsTheCandidateAgainWithItsStatusReasonAndOnlineFigures() {
    ModelRelease v =
        ShadowFollower.verdict(
            CANDIDATE,
            new PromotionGate.Decision(true, "shadow: fine"),
            new ShadowEvidence.Comparison(new Tally(3, 1, 1, 5), new Tally(0, 0, 4, 6)),
            Instant.ofEpochSecond(60));
    assertEquals(ReleaseStatus.PROMOTED, v.getStatus());
    assertEquals("offline: mAP 0.6000 vs current 0.5000; shadow: fine", v.getReason());
    assertEquals(Instant.ofEpochSecond(60), v.getAnnouncedAt());
    assertEquals("file:///r/v0002", v.getArtifactUri());
    assertEquals("v0001", v.getParent());
    assertEquals(
        Map.of(
            "mAP", 0.6,
            "current.mAP", 0.5,
            "shadow.judged", 10.0,
            "shadow.candidate.precision", 0.75, // 3 / (3 + 1)
            "shadow.candidate.recall", 0.75, // 3 / (3 + 1)
            "shadow.candidate.f1", 0.75, // 6 / (6 + 1 + 1)
            "shadow.current.recall", 0.0, // 0 / (0 + 4)
            "shadow.current.f1", 0.0), // 0 / (0 + 0 + 4); precision 0/0 is left out
        v.getMetrics());
  }
}
