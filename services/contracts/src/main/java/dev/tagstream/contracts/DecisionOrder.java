package dev.tagstream.contracts;

/**
 * The one rule for two decisions about the same label of the same image, shared by the feedback
 * fold (label-state) and ingest's review view: the newest by event time wins, so a late-arriving
 * older confirmation loses. At equal times the one processed later wins, which is still
 * deterministic because the log fixes the processing order.
 */
public final class DecisionOrder {
  private DecisionOrder() {}

  /** supersedes ⇔ previousAt = none ∨ at ≥ previousAt (epoch milliseconds) */
  public static boolean supersedes(long at, Long previousAt) {
    return previousAt == null || at >= previousAt;
  }
}
