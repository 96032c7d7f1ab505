package dev.tagstream.feedback;

import static dev.tagstream.contracts.LabelDecision.NEGATIVE;
import static dev.tagstream.contracts.LabelDecision.POSITIVE;
import static dev.tagstream.contracts.LabelDecision.RETRACTED;
import static dev.tagstream.feedback.Fixture.confirm;
import static dev.tagstream.feedback.Fixture.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.core.quality.Tally;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OnlineQualityTopologyTest {
  private FeedbackDriver d;

  @BeforeEach
  void start() throws Exception {
    d = new FeedbackDriver();
  }

  @AfterEach
  void stop() {
    d.close();
  }

  private double gauge(String name, String version) {
    return d.metrics.registry().get(name).tag(OnlineQuality.VERSION_TAG, version).gauge().value();
  }

  @Test
  void laterConfirmationsJudgeTheLatestPredictionPerModelVersion() {
    d.predict(prediction("img-1", "v1", "cat", "dog"), 1000);
    d.predict(prediction("img-2", "v1", "car"), 1000);
    d.predict(prediction("img-3", "v2", "cat"), 1000);

    d.confirm(confirm("img-1", "cat", POSITIVE, 10), 2000); // v1 TP
    d.confirm(confirm("img-1", "dog", NEGATIVE, 10), 2000); // v1 FP
    d.confirm(confirm("img-1", "kitten", POSITIVE, 10), 2000); // v1 FN
    d.confirm(confirm("img-1", "vehicle", NEGATIVE, 10), 2000); // v1 TN
    d.confirm(confirm("img-2", "car", POSITIVE, 10), 2000); // v1 TP
    d.confirm(confirm("img-2", "vehicle", POSITIVE, 10), 2000); // v1 FN
    d.confirm(confirm("img-3", "cat", NEGATIVE, 10), 2000); // v2 FP
    d.confirm(confirm("img-3", "dog", POSITIVE, 10), 2000); // v2 FN

    assertEquals(new Tally(2, 1, 2, 1), d.metrics.quality().tally("v1"));
    assertEquals(new Tally(0, 1, 1, 0), d.metrics.quality().tally("v2"));
    assertEquals(2.0 / 3.0, gauge(OnlineQuality.PRECISION, "v1"), 1e-12);
    assertEquals(0.5, gauge(OnlineQuality.RECALL, "v1"), 1e-12);
    assertEquals(0.0, gauge(OnlineQuality.PRECISION, "v2"), 1e-12);
    assertEquals(0.0, gauge(OnlineQuality.RECALL, "v2"), 1e-12);
  }

  @Test
  void eachPredictionLabelPairCountsOnceAndRetractionsUnknownLabelsAndUnpredictedImagesNotAtAll() {
    d.confirm(
        confirm("img-1", "cat", POSITIVE, 10), 500); // before any prediction: nothing to judge
    d.predict(prediction("img-1", "v1", "cat"), 1000);
    d.confirm(confirm("img-1", "cat", POSITIVE, 10), 2000); // TP
    d.confirm(confirm("img-1", "cat", NEGATIVE, 20), 2100); // same pair again: not counted
    d.confirm(confirm("img-1", "dog", RETRACTED, 20), 2200);
    d.confirm(confirm("img-1", "unicorn", POSITIVE, 20), 2300);
    d.confirm(confirm("img-9", "cat", POSITIVE, 20), 2400); // never predicted

    assertEquals(new Tally(1, 0, 0, 0), d.metrics.quality().tally("v1"));
    assertEquals(1.0, gauge(OnlineQuality.PRECISION, "v1"));
    assertEquals(1.0, gauge(OnlineQuality.RECALL, "v1"));
    assertEquals(
        null,
        d.metrics
            .registry()
            .find(OnlineQuality.PRECISION)
            .tag(OnlineQuality.VERSION_TAG, "v9")
            .gauge());
  }

  @Test
  void newPredictionIsJudgedAfreshForItsOwnVersion() {
    d.predict(prediction("img-1", "v1", "cat"), 1000);
    d.confirm(confirm("img-1", "cat", NEGATIVE, 10), 2000); // v1 FP
    d.predict(prediction("img-1", "v2", "dog"), 3000);
    d.confirm(confirm("img-1", "cat", NEGATIVE, 30), 4000); // v2 TN
    d.confirm(confirm("img-1", "dog", POSITIVE, 30), 4000); // v2 TP

    assertEquals(new Tally(0, 1, 0, 0), d.metrics.quality().tally("v1"));
    assertEquals(new Tally(1, 0, 0, 1), d.metrics.quality().tally("v2"));
    assertEquals(
        Double.NaN, gauge(OnlineQuality.RECALL, "v1")); // no confirmed positive: undefined, not 0
    assertEquals(
        List.of(1.0, 1.0),
        List.of(gauge(OnlineQuality.PRECISION, "v2"), gauge(OnlineQuality.RECALL, "v2")));
  }

  @Test
  void shadowPredictionsAreJudgedByTheSameRuleAndNeverMixWithServedOnes() {
    d.predict(prediction("img-1", "v1", "cat"), 1000);
    d.shadow(prediction("img-1", "v2", "cat", "dog"), 1000);
    d.predict(prediction("img-2", "v1", "car"), 1000);
    d.shadow(prediction("img-2", "v2", "vehicle"), 1000);

    d.confirm(confirm("img-1", "cat", POSITIVE, 10), 2000); // v1 TP, v2 TP
    d.confirm(confirm("img-1", "dog", POSITIVE, 10), 2000); // v1 FN, v2 TP
    d.confirm(confirm("img-1", "dog", NEGATIVE, 11), 2100); // judged once already: nothing
    d.confirm(confirm("img-2", "car", NEGATIVE, 10), 2000); // v1 FP, v2 TN
    d.confirm(confirm("img-2", "vehicle", RETRACTED, 10), 2000); // nothing

    assertEquals(new Tally(1, 1, 1, 0), d.metrics.quality().tally("v1"));
    assertEquals(Tally.EMPTY, d.metrics.quality().tally("v2"), "v2 never served");
    assertEquals(new Tally(2, 0, 0, 1), d.metrics.shadowQuality().tally("v2"));
    assertEquals(Tally.EMPTY, d.metrics.shadowQuality().tally("v1"));
    assertEquals(
        1.0,
        d.metrics
            .registry()
            .get(OnlineQuality.SHADOW_RECALL)
            .tag(OnlineQuality.VERSION_TAG, "v2")
            .gauge()
            .value());
  }
}
