package dev.tagstream.bench;

/**
 * A candidate and its validation score (macro mAP on validation labels as observed in the regime).
 */
record Trial(Candidate candidate, double valScore) {}
