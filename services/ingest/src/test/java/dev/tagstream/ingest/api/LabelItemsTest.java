package dev.tagstream.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelItemsTest {
  final LabelItems parser =
      new LabelItems(
          new LabelRule(ImageItemsTest.VOCAB),
          Clock.fixed(ImageItemsTest.NOW, ZoneOffset.UTC),
          "api");

  @Test
  void buildsAConfirmationStampedNowByDefault() throws Exception {
    var p =
        parser.parse(
            ImageItemsTest.json(
                "{'id':'img-1','label':'cat','state':'Negative','source':'rev-7'}"));
    assertEquals(
        LabelConfirmation.newBuilder()
            .setId("img-1")
            .setLabel("cat")
            .setState(LabelDecision.NEGATIVE)
            .setSource("rev-7")
            .setConfirmedAt(ImageItemsTest.NOW)
            .build(),
        p.value());
  }

  @Test
  void keepsTheReviewersTimeAndMapsRetractToRetracted() throws Exception {
    var p =
        parser.parse(
            ImageItemsTest.json(
                "{'id':'img-1','label':'dog','state':'retract','confirmedAt':'2024-12-31T23:59:00Z'}"));
    assertEquals(LabelDecision.RETRACTED, p.value().getState());
    assertEquals(Instant.parse("2024-12-31T23:59:00Z"), p.value().getConfirmedAt());
    assertEquals("api", p.value().getSource());
  }

  @Test
  void reportsBadStateUnknownLabelAndBadTime() throws Exception {
    assertEquals(
        List.of(
            new FieldError(
                "label",
                "unknown label 'kitten' (not among the 3 labels of the configured vocabulary,"
                    + " nor added by POST /v1/vocabulary)"),
            new FieldError("state", "'maybe' is not one of positive, negative, retract"),
            new FieldError(
                "confirmedAt",
                "'yesterday' is not an ISO-8601 instant such as 2025-01-31T12:00:00Z")),
        parser
            .parse(
                ImageItemsTest.json(
                    "{'id':'img-1','label':'kitten','state':'maybe','confirmedAt':'yesterday'}"))
            .errors());
  }

  @Test
  void requiresIdLabelAndState() throws Exception {
    assertEquals(
        List.of(
            new FieldError("id", "is required"),
            new FieldError("label", "is required"),
            new FieldError("state", "is required")),
        parser.parse(ImageItemsTest.json("{}")).errors());
  }
}
