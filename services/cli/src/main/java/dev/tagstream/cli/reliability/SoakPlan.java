package dev.tagstream.cli.reliability;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One soak: {@code references} good references through ingest at {@code rate} per second, in
 * batches of {@code batch}, at most {@code lead} ahead of the outputs; {@code workers} worker
 * processes (exactly-once); the services kept running and sampled every {@code sample} for at least
 * {@code duration}; {@code stall}: how long the outputs may stand still before the run gives up.
 */
record SoakPlan(
    Path dir,
    long references,
    double rate,
    Duration duration,
    int workers,
    int batch,
    long lead,
    int labels,
    Duration sample,
    Duration stall) {
  SoakPlan {
    double loadSeconds = references / rate;
    if (loadSeconds > duration.toSeconds()) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "--references %d at --rate %s takes %.0f s, longer than --duration %s: raise"
                  + " --rate or --duration, or lower --references",
              references,
              rate,
              loadSeconds,
              duration));
    }
  }

  /** The same soak, working in {@code folder}. */
  SoakPlan in(Path folder) {
    return new SoakPlan(
        folder, references, rate, duration, workers, batch, lead, labels, sample, stall);
  }
}
