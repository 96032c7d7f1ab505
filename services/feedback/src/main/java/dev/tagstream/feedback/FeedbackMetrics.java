package dev.tagstream.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The feedback app's own meters: what happened to each input, plus the online quality of each model version. */
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
  private final Counter statesWritten;

  public FeedbackMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.quality = new OnlineQuality(registry);
    this.statesWritten = Counter.builder(STATES_WRITTEN)
        .description("Label states written to label-state").register(registry);
  }

  public OnlineQuality quality() {
    return quality;
  }

  MeterRegistry registry() {
    return registry;
  }

  void deadLetter(String reason) {
    Counter.builder(DEAD_LETTERS).tag("reason", reason).description("Inputs sent to failures, by reason")
        .register(registry).increment();
  }

  void confirmation(ConfirmationResult result) {
    Counter.builder(CONFIRMATIONS).tag("result", result.name().toLowerCase(java.util.Locale.ROOT))
        .description("Valid confirmations, by what became of them").register(registry).increment();
  }

  void stateWritten() {
    statesWritten.increment();
  }
}
