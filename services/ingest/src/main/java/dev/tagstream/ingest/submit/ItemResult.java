package dev.tagstream.ingest.submit;

/** What became of one submitted item. */
record ItemResult(Kind kind, String detail) {
  /**
   * Accepted (stored by Kafka), rejected (invalid: fix it), or failed (not stored after retries:
   * run again).
   */
  enum Kind {
    ACCEPTED,
    REJECTED,
    FAILED
  }

  static final ItemResult ACCEPTED = new ItemResult(Kind.ACCEPTED, "");

  static ItemResult rejected(String detail) {
    return new ItemResult(Kind.REJECTED, detail);
  }

  static ItemResult failed(String detail) {
    return new ItemResult(Kind.FAILED, detail);
  }
}
