package dev.tagstream.feedback;

import dev.tagstream.contracts.DecisionOrder;
import dev.tagstream.contracts.LabelDecision;
import java.util.Objects;

/** One direct decision about one label of one image: its state, its event time and who made it. */
record Decision(LabelDecision state, long at, String source) {
  static final String INGEST = "ingest";

  Decision {
    Objects.requireNonNull(state, "state");
    source = source == null ? "" : source;
  }

  /** Whether this decision replaces {@code existing}: the shared {@link DecisionOrder} rule. */
  boolean supersedes(Decision existing) {
    return DecisionOrder.supersedes(at, existing == null ? null : existing.at);
  }
}
