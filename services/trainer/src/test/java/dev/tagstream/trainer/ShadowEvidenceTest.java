package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Timings;
import dev.tagstream.core.quality.Tally;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShadowEvidenceTest {
  static Prediction prediction(String id, String version, String... labels) {
    return Prediction.newBuilder()
        .setId(id)
        .setUri("file:///i/" + id + ".png")
        .setModelVersion(version)
        .setLabels(Arrays.stream(labels).map(l -> new LabelScore(l, 0.9f)).toList())
        .setTimings(new Timings(0.0, 0.0, 0.0, 0.0, 0.0))
        .setSubmittedAt(Instant.EPOCH)
        .setScoredAt(Instant.EPOCH)
        .build();
  }

  static LabelConfirmation confirm(String id, String label, LabelDecision state) {
    return LabelConfirmation.newBuilder()
        .setId(id)
        .setLabel(label)
        .setState(state)
        .setSource("r")
        .setConfirmedAt(Instant.EPOCH)
        .build();
  }

  private final ShadowEvidence e =
      new ShadowEvidence("v2", Set.of("cat", "dog", "owl", "car")::contains);

  @Test
  void confirmationsJudgeBothModelsOnTheSameImageLabelPairs() {
    e.served(prediction("a", "v1", "cat"), 100);
    e.shadow(prediction("a", "v2", "cat", "dog"), 100);
    e.served(prediction("b", "v1", "car"), 100);
    e.shadow(prediction("b", "v2"), 100);
    e.confirmation(confirm("a", "cat", LabelDecision.POSITIVE), 200); // v1 TP, v2 TP
    e.confirmation(confirm("a", "dog", LabelDecision.POSITIVE), 200); // v1 FN, v2 TP
    e.confirmation(confirm("a", "dog", LabelDecision.NEGATIVE), 300); // judged already: nothing
    e.confirmation(confirm("b", "car", LabelDecision.NEGATIVE), 200); // v1 FP, v2 TN
    e.confirmation(confirm("b", "owl", LabelDecision.RETRACTED), 200); // nothing
    e.confirmation(confirm("b", "zebra", LabelDecision.POSITIVE), 200); // unknown label: nothing

    ShadowEvidence.Comparison c = e.compare();
    assertEquals(new Tally(2, 0, 0, 1), c.candidate());
    assertEquals(new Tally(1, 1, 1, 0), c.served());
    assertEquals(3, c.judged());
    assertEquals(1.0, c.candidate().f1()); // 2*2 / (2*2 + 0 + 0)
    assertEquals(0.5, c.served().f1()); // 2*1 / (2*1 + 1 + 1)
  }

  @Test
  void onlyConfirmationsAfterBothPredictionsCountWhateverOrderTheTopicsWereReadIn() {
    // read out of order: the confirmation first, then the predictions it came before
    e.confirmation(confirm("a", "cat", LabelDecision.POSITIVE), 50); // before: judges nothing
    e.confirmation(confirm("a", "dog", LabelDecision.NEGATIVE), 150); // after both: v1 TN, v2 FP
    e.shadow(prediction("a", "v2", "cat", "dog"), 100);
    e.served(prediction("a", "v1", "cat"), 100);
    // an image not in the shadow sample, and another version's shadow prediction: ignored
    e.served(prediction("c", "v1", "cat"), 100);
    e.shadow(prediction("d", "v9", "cat"), 100);
    e.served(prediction("d", "v1"), 100);
    e.confirmation(confirm("c", "cat", LabelDecision.POSITIVE), 200);
    e.confirmation(confirm("d", "cat", LabelDecision.POSITIVE), 200);

    ShadowEvidence.Comparison c = e.compare();
    assertEquals(new Tally(0, 1, 0, 0), c.candidate());
    assertEquals(new Tally(0, 0, 0, 1), c.served());
  }
}
