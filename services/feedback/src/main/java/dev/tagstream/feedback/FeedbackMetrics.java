package dev.tagstream.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feedback app's own meters: what happened to each input, plus the online quality of each model
 * version.
 */
public final class FeedbackMetrics {
  static final String DEAD_LETTERS = "tagstream.feedback.dead.letters";
  static final String CONFIRMATIONS = "tagstream.feedback.confirmations";
  static final String STATES_WRITTEN = "tagstream.feedback.label.states.written";

  /** What became of a valid confirmation. */
  enum ConfirmationResult {
    /** Newest for its label: the state changed. */
    APPLIED,
    /** Older than the label's current decision: ignored. */
    STALE,
    /** Its image is not known yet: waiting in the pending store. */
    BUFFERED
  }

  private final MeterRegistry registry;
  private final OnlineQuality quality;
  private final OnlineQuality shadowQuality;
  private final Counter statesWritten;
  // Looked up once per reason/result: registering on every record costs an id build and a map
  // lookup.
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Map<ConfirmationResult, Counter> confirmations =
      new EnumMap<>(ConfirmationResult.class);

  public FeedbackMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.quality = new OnlineQuality(registry);
    this.shadowQuality = OnlineQuality.shadow(registry);
    this.statesWritten =
        Counter.builder(STATES_WRITTEN)
            .description("Label states written to label-state")
            .register(registry);
    for (ConfirmationResult r : ConfirmationResult.values()) {
      confirmations.put(
          r,
          Counter.builder(CONFIRMATIONS)
              .tag("result", r.name().toLowerCase(Locale.ROOT))
              .description("Valid confirmations, by what became of them")
              .register(registry));
    }
  }

  public OnlineQuality quality() {
    return quality;
  }

  /** Candidates' shadow predictions judged by the same rule as {@link #quality()}. */
  public OnlineQuality shadowQuality() {
    return shadowQuality;
  }

  MeterRegistry registry() {
    return registry;
  }

  void deadLetter(String reason) {
    deadLetters
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder(DEAD_LETTERS)
                    .tag("reason", r)
                    .description("Inputs sent to failures, by reason")
                    .register(registry))
        .increment();
  }

  void confirmation(ConfirmationResult result) {
    confirmations.get(result).increment();
  }

  void stateWritten() {
    statesWritten.increment();
  }
}
