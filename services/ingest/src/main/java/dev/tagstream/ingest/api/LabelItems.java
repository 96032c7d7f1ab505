package dev.tagstream.ingest.api;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses one label confirmation: {@code {"id","label","state","source","confirmedAt"}}; state is
 * positive, negative or retract(ed); confirmedAt (ISO-8601) defaults to now, and lets reviews made
 * offline keep their time.
 */
final class LabelItems implements ItemParser<LabelConfirmation> {
  static final Set<String> FIELDS =
      new LinkedHashSet<>(List.of("id", "label", "state", "source", "confirmedAt"));

  private final LabelRule labels;
  private final Clock clock;
  private final String defaultSource;

  LabelItems(LabelRule labels, Clock clock, String defaultSource) {
    this.labels = labels;
    this.clock = clock;
    this.defaultSource = defaultSource;
  }

  @Override
  public Parsed<LabelConfirmation> parse(JsonItem item) {
    if (!item.isObject()) {
      return Parsed.notAnObject(item);
    }
    ItemFields f = new ItemFields(item, FIELDS);
    String id = f.imageId();
    String label = f.text("label", true);
    if (label != null) {
      labels.problem(label).ifPresent(m -> f.error("label", m));
    }
    String stateText = f.text("state", true);
    LabelDecision state = stateText == null ? null : decision(stateText);
    if (stateText != null && state == null) {
      f.error("state", Texts.quote(stateText) + " is not one of positive, negative, retract");
    }
    String source = f.source(defaultSource);
    if (source != null && source.length() > ImageItems.MAX_SOURCE) {
      f.error(
          "source",
          "is "
              + source.length()
              + " characters long; at most "
              + ImageItems.MAX_SOURCE
              + " allowed");
    }
    String at = f.text("confirmedAt", false);
    Instant confirmedAt = clock.instant();
    if (at != null) {
      try {
        confirmedAt = Instant.parse(at);
      } catch (DateTimeParseException e) {
        f.error(
            "confirmedAt",
            Texts.quote(at) + " is not an ISO-8601 instant such as 2025-01-31T12:00:00Z");
      }
    }
    if (f.hasErrors()) {
      return Parsed.invalid(id, f.errors());
    }
    return Parsed.ok(
        id,
        LabelConfirmation.newBuilder()
            .setId(id)
            .setLabel(label)
            .setState(state)
            .setSource(source)
            .setConfirmedAt(confirmedAt)
            .build());
  }

  static LabelDecision decision(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "positive" -> LabelDecision.POSITIVE;
      case "negative" -> LabelDecision.NEGATIVE;
      case "retract", "retracted" -> LabelDecision.RETRACTED;
      default -> null;
    };
  }
}
