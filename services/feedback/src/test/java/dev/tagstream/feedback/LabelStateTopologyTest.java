package dev.tagstream.feedback;

import static dev.tagstream.contracts.LabelDecision.NEGATIVE;
import static dev.tagstream.contracts.LabelDecision.POSITIVE;
import static dev.tagstream.contracts.LabelDecision.RETRACTED;
import static dev.tagstream.feedback.Fixture.confirm;
import static dev.tagstream.feedback.Fixture.image;
import static dev.tagstream.feedback.Fixture.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.LabelState;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelStateTopologyTest {
  private FeedbackDriver d;

  @BeforeEach
  void start() throws Exception {
    d = new FeedbackDriver();
  }

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void imageKnownLabelsAreDecisionsAtSubmittedTimeCompletedThroughTheHierarchy() {
    d.image(image("img-1", 500, List.of("kitten"), List.of("vehicle")), 1000);

    assertEquals(
        List.of(
            KeyValue.pair(
                "img-1",
                state(
                    "img-1",
                    List.of("animal", "cat", "kitten"),
                    List.of("vehicle", "car"),
                    Map.of("kitten", 500L, "vehicle", 500L),
                    0,
                    1000))),
        d.readStates());
    assertEquals(List.of(), d.readFailures());
  }

  @Test
  void newestConfirmationWinsByEventTimeNotArrivalOrder() {
    d.image(image("img-1", 500), 1000);
    d.confirm(confirm("img-1", "dog", NEGATIVE, 3000), 2000);
    d.confirm(
        confirm("img-1", "dog", POSITIVE, 2500), 2100); // arrives later, decided earlier: loses
    d.confirm(confirm("img-1", "dog", POSITIVE, 3500), 2200);

    assertEquals(
        List.of(
            KeyValue.pair("img-1", state("img-1", List.of(), List.of(), Map.of(), 0, 1000)),
            KeyValue.pair(
                "img-1", state("img-1", List.of(), List.of("dog"), Map.of("dog", 3000L), 1, 2000)),
            KeyValue.pair(
                "img-1",
                state(
                    "img-1", List.of("animal", "dog"), List.of(), Map.of("dog", 3500L), 2, 2200))),
        d.readStates());
    assertEquals(1.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "stale"));
    assertEquals(2.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "applied"));
  }

  @Test
  void retractionReturnsLabelToUnknownAndOutranksOlderConfirmations() {
    d.image(image("img-1", 500), 1000);
    d.confirm(confirm("img-1", "cat", POSITIVE, 100), 1100);
    d.confirm(confirm("img-1", "cat", RETRACTED, 200), 1200);
    d.confirm(confirm("img-1", "cat", POSITIVE, 150), 1300); // older than the retraction

    List<KeyValue<String, LabelState>> out = d.readStates();
    assertEquals(3, out.size());
    assertEquals(
        state("img-1", List.of("animal", "cat"), List.of(), Map.of("cat", 100L), 1, 1100),
        out.get(1).value);
    assertEquals(
        state("img-1", List.of(), List.of(), Map.of("cat", 200L), 2, 1200), out.get(2).value);
  }

  @Test
  void confirmedChildOverrulesNegativeParentUntilRetracted() {
    d.image(image("img-1", 500, List.of(), List.of("animal")), 1000);
    d.confirm(confirm("img-1", "kitten", POSITIVE, 600), 1100);
    d.confirm(confirm("img-1", "kitten", RETRACTED, 700), 1200);

    assertEquals(
        List.of(
            state(
                "img-1",
                List.of(),
                List.of("animal", "cat", "kitten", "dog"),
                Map.of("animal", 500L),
                0,
                1000),
            // the overruled negative on animal does not propagate to dog either
            state(
                "img-1",
                List.of("animal", "cat", "kitten"),
                List.of(),
                Map.of("animal", 500L, "kitten", 600L),
                1,
                1100),
            state(
                "img-1",
                List.of(),
                List.of("animal", "cat", "kitten", "dog"),
                Map.of("animal", 500L, "kitten", 700L),
                2,
                1200)),
        d.readStates().stream().map(kv -> kv.value).toList());
  }

  @Test
  void negativeSiblingStandsBesidePositive() {
    d.image(image("img-1", 500, List.of("dog"), List.of("cat", "car")), 1000);

    assertEquals(
        state(
            "img-1",
            List.of("animal", "dog"),
            List.of("cat", "kitten", "car"),
            Map.of("dog", 500L, "cat", 500L, "car", 500L),
            0,
            1000),
        d.readStates().get(0).value);
  }

  @Test
  void labelListedBothWaysOnOneImageEndsPositive() {
    d.image(image("img-1", 500, List.of("car"), List.of("car")), 1000);

    assertEquals(
        state("img-1", List.of("vehicle", "car"), List.of(), Map.of("car", 500L), 0, 1000),
        d.readStates().get(0).value);
  }

  @Test
  void confirmationForUnseenImageWaitsAndAppliesWhenTheImageArrives() {
    d.confirm(confirm("img-9", "cat", POSITIVE, 100), 1000);
    assertEquals(List.of(), d.readStates());

    d.image(image("img-9", 50, List.of("dog"), List.of()), 2000);
    d.image(
        image("img-other", 50),
        1000 + FeedbackDriver.GRACE.toMillis() + 120_000); // past the grace period

    assertEquals(
        List.of(
            KeyValue.pair(
                "img-9",
                state(
                    "img-9",
                    List.of("animal", "cat", "dog"),
                    List.of(),
                    Map.of("dog", 50L, "cat", 100L),
                    1,
                    2000)),
            KeyValue.pair(
                "img-other",
                state(
                    "img-other",
                    List.of(),
                    List.of(),
                    Map.of(),
                    0,
                    1000 + FeedbackDriver.GRACE.toMillis() + 120_000))),
        d.readStates());
    assertEquals(List.of(), d.readFailures());
    assertEquals(1.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "buffered"));
  }

  @Test
  void confirmationForUnseenImageIsDeadLetteredOnceStreamTimePassesGrace() {
    long grace = FeedbackDriver.GRACE.toMillis();
    d.confirm(confirm("img-9", "cat", POSITIVE, 100), 1000);
    d.image(image("img-1", 50), 1000 + grace - 1);
    assertEquals(List.of(), d.readFailures());

    d.image(image("img-2", 50), 1000 + grace + 60_000);
    assertEquals(
        List.of(
            KeyValue.pair(
                "img-9",
                Fixture.failure(
                    "img-9",
                    "",
                    ConfirmationDeadLetters.UNKNOWN_IMAGE,
                    "no image 'img-9' on images within PT10M of its confirmation of 'cat' (POSITIVE)",
                    "test.labels",
                    0,
                    1000 + grace + 60_000))),
        d.readFailures());

    d.image(image("img-9", 50), 1000 + grace + 70_000); // too late: the confirmation is gone
    List<KeyValue<String, LabelState>> out = d.readStates();
    assertEquals(
        state("img-9", List.of(), List.of(), Map.of(), 0, 1000 + grace + 70_000),
        out.get(out.size() - 1).value);
    assertEquals(
        1.0,
        d.count(FeedbackMetrics.DEAD_LETTERS, "reason", ConfirmationDeadLetters.UNKNOWN_IMAGE));
  }

  @Test
  void unknownLabelWaitsAndIsDeadLetteredOnceStreamTimePassesGrace() {
    long grace = FeedbackDriver.GRACE.toMillis();
    d.image(image("img-1", 500), 1000);
    d.readStates();
    d.confirm(confirm("img-1", "unicorn", POSITIVE, 100), 1100);
    assertEquals(List.of(), d.readFailures());
    assertEquals(List.of(), d.readStates());
    assertEquals(1.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "buffered"));

    d.image(image("img-2", 50), 1100 + grace + 60_000);
    assertEquals(
        List.of(
            KeyValue.pair(
                "img-1",
                Fixture.failure(
                    "img-1",
                    "",
                    ConfirmationDeadLetters.UNKNOWN_LABEL,
                    "label 'unicorn' not in the vocabulary (6 labels) within PT10M of its"
                        + " confirmation (POSITIVE)",
                    "test.labels",
                    0,
                    1100 + grace + 60_000))),
        d.readFailures());

    d.addLabel("unicorn", List.of("animal"), 1100 + grace + 70_000); // too late: it is gone
    List<KeyValue<String, LabelState>> out = d.readStates();
    assertEquals(List.of("img-2"), out.stream().map(kv -> kv.key).toList());
  }

  @Test
  void confirmationOfANewLabelWaitsAndIsFoldedWhenTheLabelArrives() {
    d.image(image("img-1", 500), 1000);
    d.readStates();
    d.confirm(confirm("img-1", "lynx", POSITIVE, 100), 1100);
    d.confirm(confirm("img-1", "dog", NEGATIVE, 120), 1200);
    d.confirm(confirm("img-3", "lynx", NEGATIVE, 130), 1300); // image and label both unknown
    assertEquals(
        List.of(
            KeyValue.pair(
                "img-1", state("img-1", List.of(), List.of("dog"), Map.of("dog", 120L), 1, 1200))),
        d.readStates());

    d.addLabel("lynx", List.of("cat"), 1400); // the global store moves no stream time
    assertEquals(
        List.of(
            KeyValue.pair(
                "img-1",
                state(
                    "img-1",
                    List.of("animal", "cat", "lynx"),
                    List.of("dog"),
                    Map.of("dog", 120L, "lynx", 100L),
                    2,
                    1300))),
        d.readStates());

    d.image(image("img-3", 50), 1500);
    assertEquals(
        List.of(
            KeyValue.pair(
                "img-3",
                state("img-3", List.of(), List.of("lynx"), Map.of("lynx", 130L), 1, 1500))),
        d.readStates());
    d.image(image("img-4", 50), 1500 + FeedbackDriver.GRACE.toMillis() + 60_000);
    assertEquals(List.of(), d.readFailures());
    assertEquals(2.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "buffered"));
  }

  @Test
  void aLabelAddedBeforeItsConfirmationsFoldsThemAtOnceAndCompletesUpward() {
    d.addLabel("lynx", List.of("cat"), 900);
    d.image(image("img-1", 500), 1000);
    d.confirm(confirm("img-1", "lynx", POSITIVE, 100), 1100);
    List<KeyValue<String, LabelState>> out = d.readStates();
    assertEquals(
        state("img-1", List.of("animal", "cat", "lynx"), List.of(), Map.of("lynx", 100L), 1, 1100),
        out.get(out.size() - 1).value);
    assertEquals(0.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "buffered"));
  }

  @Test
  void imageLabelsOutsideVocabularyWaitForItAndTheRestAreKept() {
    long grace = FeedbackDriver.GRACE.toMillis();
    d.image(image("img-2", 500, List.of("cat", "unicorn"), List.of("spaceship")), 1000);
    assertEquals(List.of(), d.readFailures());
    assertEquals(
        state("img-2", List.of("animal", "cat"), List.of(), Map.of("cat", 500L), 0, 1000),
        d.readStates().get(0).value);

    // 'unicorn' is added: folded as the image's own decision at its submittedAt, no confirmation
    d.addLabel("unicorn", List.of("animal"), 1100);
    d.image(image("img-3", 50), 1200); // any record lets the processor see the new label
    List<KeyValue<String, LabelState>> out = d.readStates();
    assertEquals(
        state(
            "img-2",
            List.of("animal", "cat", "unicorn"),
            List.of(),
            Map.of("cat", 500L, "unicorn", 500L),
            0,
            1000), // folded at the stream time before img-3's record
        out.stream().filter(kv -> kv.key.equals("img-2")).findFirst().orElseThrow().value);

    // 'spaceship' never comes: dead-lettered once stream time passes the grace
    d.image(image("img-4", 50), 1000 + grace + 60_000);
    assertEquals(
        List.of(
            KeyValue.pair(
                "img-2",
                Fixture.failure(
                    "img-2",
                    "",
                    ConfirmationDeadLetters.UNKNOWN_LABEL,
                    "label 'spaceship' not in the vocabulary (7 labels) within PT10M of its image"
                        + " (NEGATIVE)",
                    "test.images",
                    0,
                    1000 + grace + 60_000))),
        d.readFailures());
    assertEquals(0.0, d.count(FeedbackMetrics.CONFIRMATIONS, "result", "buffered"));
  }

  @Test
  void recordKeyDifferentFromImageIdIsDeadLettered() {
    d.labels.pipeInput("img-2", confirm("img-1", "cat", POSITIVE, 100), 1000);

    assertEquals(
        List.of(
            KeyValue.pair(
                "img-1",
                Fixture.failure(
                    "img-1",
                    "",
                    ConfirmationDeadLetters.KEY_MISMATCH,
                    "record key 'img-2' differs from the value's id 'img-1'",
                    "test.labels",
                    0,
                    1000))),
        d.readFailures());
  }

  // TopologyTestDriver drops records a deserialization handler returns while exactly-once is on
  // (they reach the
  // real broker: FeedbackServiceIT), so the handler tests run the same topology at least once.
  @Test
  void malformedValueIsDeadLetteredWithItsBytesAndTheAppContinues() throws Exception {
    d.close();
    d = new FeedbackDriver(StreamsConfig.AT_LEAST_ONCE);
    d.image(image("img-1", 500), 1000);
    d.rawLabels.pipeInput("img-1", new byte[] {1, 2, 3}, 1100);
    d.confirm(confirm("img-1", "car", POSITIVE, 100), 1200);

    List<KeyValue<String, Failure>> failures = d.readFailures();
    assertEquals(1, failures.size());
    Failure f = failures.get(0).value;
    assertEquals("img-1", failures.get(0).key);
    assertEquals("img-1", f.getId());
    assertEquals("deserialize", f.getStage());
    assertEquals(ConfirmationDeadLetters.MALFORMED_VALUE, f.getReason());
    assertEquals("dev.tagstream.contracts.ContractException", f.getErrorClass());
    assertTrue(
        f.getMessage().startsWith("test.labels: value is not Avro single-object encoded"),
        f.getMessage());
    assertEquals(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), f.getOriginalValue());
    assertEquals("test.labels", f.getSourceTopic());
    assertEquals(0L, f.getSourceOffset());
    assertEquals(1100L, f.getFailedAt().toEpochMilli());
    assertEquals(
        state("img-1", List.of("vehicle", "car"), List.of(), Map.of("car", 100L), 1, 1200),
        d.readStates().get(1).value);
    assertEquals(
        1.0,
        d.count(FeedbackMetrics.DEAD_LETTERS, "reason", ConfirmationDeadLetters.MALFORMED_VALUE));
  }

  @Test
  void truncatedImageIsDeadLetteredAsCorruptBody() throws Exception {
    d.close();
    d = new FeedbackDriver(StreamsConfig.AT_LEAST_ONCE);
    var raw =
        d.driver.createInputTopic(
            dev.tagstream.contracts.Topics.IMAGES.name(FeedbackDriver.PREFIX),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
    byte[] good =
        dev.tagstream.contracts.Topics.IMAGES.valueSerde().encode("images", image("img-1", 500));
    raw.pipeInput("img-1", java.util.Arrays.copyOf(good, 14), 1000);

    Failure f = d.readFailures().get(0).value;
    assertEquals(ConfirmationDeadLetters.MALFORMED_VALUE, f.getReason());
    assertTrue(
        f.getMessage().startsWith("test.images: corrupt ImageReference body (14 bytes)"),
        f.getMessage());
    assertEquals(List.of(), d.readStates());
  }
}
