package dev.tagstream.ingest;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition instead of sleeping a guessed time. */
final class Awaits {
  private Awaits() {}

  static void until(Duration timeout, Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Boolean.TRUE.equals(condition.call())) {
        return;
      }
      Thread.sleep(50); // polling interval, not a guess at how long the work takes
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
  }
}
