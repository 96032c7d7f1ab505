package dev.tagstream.ingest.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Timings;
import dev.tagstream.core.quality.Tally;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelFiguresTest {
  private static LabelState state(List<String> pos, List<String> neg, Map<String, Long> at) {
    return LabelState.newBuilder()
        .setId("x")
        .setPositives(pos)
        .setNegatives(neg)
        .setDecidedAt(at)
        .setUpdatedAt(Instant.EPOCH)
        .build();
  }

  private static Prediction prediction(String version, long scoredAt, String... labels) {
    return Prediction.newBuilder()
        .setId("x")
        .setUri("file:///x")
        .setModelVersion(version)
        .setLabels(List.of(labels).stream().map(l -> new LabelScore(l, 0.9f)).toList())
        .setTimings(new Timings(0.0, 0.0, 0.0, 0.0, 0.0))
        .setScoredAt(Instant.ofEpochMilli(scoredAt))
        .build();
  }

  @Test
  void countsObservedPositivesAndNegativesOncePerImage() {
    LabelFigures f = new LabelFigures();
    f.addState(state(List.of("cat", "animal"), List.of("car"), Map.of()));
    f.addState(state(List.of("cat", "cat"), List.of(), Map.of())); // listed twice, one image
    f.addState(state(List.of(), List.of("cat"), Map.of()));
    assertEquals(3, f.images());
    LabelFigures.Figures cat = f.of("cat");
    assertEquals(2, cat.positives());
    assertEquals(1, cat.negatives());
    assertEquals(1, f.of("car").negatives());
    assertEquals(LabelFigures.Figures.NONE, f.of("dog"));
  }

  @Test
  void judgesTheLatestPredictionByDecisionsMadeAtOrAfterItPerVersion() {
    LabelFigures f = new LabelFigures();
    // v1 predicted cat: confirmed positive after scoring -> TP
    f.addDecided(
        state(List.of("cat"), List.of(), Map.of("cat", 200L)), prediction("v1", 100, "cat"));
    // v1 predicted cat: confirmed negative at the same millisecond -> FP
    f.addDecided(
        state(List.of(), List.of("cat"), Map.of("cat", 100L)), prediction("v1", 100, "cat"));
    // v1 did not predict cat: confirmed positive -> FN
    f.addDecided(
        state(List.of("cat"), List.of(), Map.of("cat", 300L)), prediction("v1", 100, "dog"));
    // v2 did not predict cat: confirmed negative -> TN
    f.addDecided(state(List.of(), List.of("cat"), Map.of("cat", 300L)), prediction("v2", 100));
    // decided before the prediction was made: no judgement
    f.addDecided(
        state(List.of("cat"), List.of(), Map.of("cat", 50L)), prediction("v2", 100, "cat"));
    // retracted (decided, neither positive nor negative): no judgement
    f.addDecided(state(List.of(), List.of(), Map.of("cat", 500L)), prediction("v2", 100, "cat"));
    // no prediction yet: nothing to judge
    f.addDecided(state(List.of("cat"), List.of(), Map.of("cat", 500L)), null);

    Map<String, Tally> online = f.of("cat").online();
    assertEquals(Map.of("v1", new Tally(1, 1, 1, 0), "v2", new Tally(0, 0, 0, 1)), online);
    assertEquals(0.5, online.get("v1").precision(), 0.0);
    assertEquals(0.5, online.get("v1").recall(), 0.0);
    assertTrue(Double.isNaN(online.get("v2").precision()));
    // dog was predicted but never decided: not judged
    assertEquals(LabelFigures.Figures.NONE, f.of("dog"));
    assertEquals(java.util.Set.of("cat"), f.labels());
  }
}
