package dev.tagstream.ingest.submit;

/** What became of one submitted item. */
record Outcome(Kind kind, String detail) {
  /** Accepted (stored by Kafka), rejected (invalid: fix it), or failed (not stored after retries: run again). */
  enum Kind { ACCEPTED, REJECTED, FAILED }

  static final Outcome ACCEPTED = new Outcome(Kind.ACCEPTED, "");

  static Outcome rejected(String detail) {
    return new Outcome(Kind.REJECTED, detail);
  }

  static Outcome failed(String detail) {
    return new Outcome(Kind.FAILED, detail);
  }
}
