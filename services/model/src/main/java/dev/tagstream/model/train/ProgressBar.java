package dev.tagstream.model.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on stderr: one carriage-return line (loss, images/s, ETA) on a terminal, plain
 * lines at most every 10 % otherwise, so logs stay readable.
 */
public final class ProgressBar {
  private final PrintStream out;
  private final boolean interactive;
  private String label = "";
  private long total;
  private long startNanos;
  private long lastPrint;
  private int lastDecile;

  public ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A bar that prints nothing. */
  public static ProgressBar silent() {
    return new ProgressBar(null, false);
  }

  public static ProgressBar stderr() {
    return new ProgressBar(System.err, System.console() != null);
  }

  public void start(String label, long totalImages) {
    this.label = label;
    this.total = Math.max(1, totalImages);
    this.startNanos = System.nanoTime();
    this.lastPrint = 0;
    this.lastDecile = 0;
  }

  public void update(long doneImages, double loss) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    int decile = (int) (10 * doneImages / total);
    if (interactive ? now - lastPrint < 200_000_000L && doneImages < total : decile <= lastDecile) {
      return;
    }
    lastPrint = now;
    lastDecile = decile;
    String line = line(doneImages, loss, (now - startNanos) / 1e9);
    if (interactive) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
  }

  public void finish(String summary) {
    if (out == null) {
      return;
    }
    out.println((interactive ? "\r" : "") + label + " " + summary + " ".repeat(20));
  }

  String line(long done, double loss, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int width = 24;
    int filled = (int) (width * done / total);
    // NaN loss: work without a loss (dataset building, scoring) shows the same bar without it.
    String lossPart = Double.isNaN(loss) ? "" : String.format(Locale.ROOT, " loss %.4f", loss);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d%s %.1f img/s ETA %s",
        label,
        "=".repeat(filled),
        " ".repeat(width - filled),
        done,
        total,
        lossPart,
        rate,
        clock(eta));
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
