package dev.tagstream.ingest.submit;

import java.io.PrintStream;

/**
 * A progress bar on stderr, redrawn in place at most ten times a second; where stderr is not a
 * terminal it prints a plain line every tenth of the way instead, so logs stay readable.
 */
final class SubmitProgress {
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final long total;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private int lastDecile = -1;

  SubmitProgress(PrintStream err, long total, boolean terminal) {
    this.err = err;
    this.total = total;
    this.terminal = terminal;
  }

  void update(long done, long accepted, long rejected) {
    long now = System.nanoTime();
    boolean last = done >= total;
    if (terminal) {
      if (!last && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      err.print("\r" + line(done, accepted, rejected, now) + (last ? "\n" : ""));
    } else {
      int decile = total == 0 ? 10 : (int) (done * 10 / total);
      if (decile == lastDecile) {
        return;
      }
      lastDecile = decile;
      err.println(line(done, accepted, rejected, now));
    }
    err.flush();
  }

  /** Ends a bar drawn in place, so that a message printed next starts on its own line. */
  void clear() {
    if (terminal && lastDraw != 0) {
      err.println();
    }
  }

  String line(long done, long accepted, long rejected, long now) {
    int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    return String.format(
        "[%s%s] %d/%d %3d%%  %d accepted, %d rejected  %.0f/s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        total == 0 ? 100 : done * 100 / total,
        accepted,
        rejected,
        done / seconds);
  }
}
