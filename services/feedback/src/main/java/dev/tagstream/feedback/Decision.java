package dev.tagstream.feedback;

import dev.tagstream.contracts.LabelDecision;
import java.util.Objects;

/** One direct decision about one label of one image: its state, its event time and who made it. */
record Decision(LabelDecision state, long at, String source) {
  static final String INGEST = "ingest";

  Decision {
    Objects.requireNonNull(state, "state");
    source = source == null ? "" : source;
  }

  /**
   * Newest wins by event time, so a late-arriving older confirmation loses. At equal times the one processed
   * later wins: still deterministic, because the log fixes the processing order.
   */
  boolean supersedes(Decision existing) {
    return existing == null || at >= existing.at;
  }
}
