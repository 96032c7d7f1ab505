package dev.tagstream.ingest.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Every label's figures ({@link LabelFigures}), recomputed from the view at most once per {@code
 * maxAge}: one pass reads every image, which is cheap for thousands and takes seconds for millions,
 * so consecutive lookups share a pass instead of each paying for it.
 */
public final class LabelStatistics {
  /** The figures and when and how fast they were computed. */
  public record Snapshot(LabelFigures figures, Instant computedAt, long computeMillis) {}

  private final LabelEvidence source;
  private final Clock clock;
  private final Duration maxAge;
  private Snapshot last;

  public LabelStatistics(LabelEvidence source, Clock clock, Duration maxAge) {
    this.source = source;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** The newest figures, computed now when the last ones are older than maxAge. */
  public synchronized Snapshot current() {
    Instant now = clock.instant();
    if (last == null || now.isAfter(last.computedAt().plus(maxAge))) {
      long t0 = System.nanoTime();
      LabelFigures f = new LabelFigures();
      source.forEachLabelState(f::addState);
      source.forEachDecided(f::addDecided);
      last = new Snapshot(f, now, (System.nanoTime() - t0) / 1_000_000);
    }
    return last;
  }
}
