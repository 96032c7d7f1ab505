package dev.tagstream.cli.reliability;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a resource figure sampled at a steady interval (heap, threads, open files, resident
 * memory) grows without bound. The rule: a bounded figure stops rising, so over the last third of
 * the run its least-squares trend may rise by at most {@code max(absolute, relative × peak)}. The
 * first third's rise is reported beside it: start-up and warm-up (pools filling, caches loading)
 * belong there and are allowed. A leak rises at the same pace in the last third as before, and
 * fails. Too few samples to form thirds cannot show a figure is bounded, so they fail too.
 *
 * <p>A heap's used bytes saw between collections, minutes apart when the young generation is large
 * and allocation slow, so its trend says little. What a leak raises is the lowest value, what
 * survives the collections: {@link #judgeLowest} compares the lowest value of the last third with
 * the middle third's (the first third holds the start-up, before caches fill).
 */
final class Growth {
  /** At least two samples in each third. */
  static final int MIN_SAMPLES = 6;

  private Growth() {}

  /**
   * A figure's verdict: its first, highest and last values, the trend's rise over the first and the
   * last third, the rise allowed in the last third, and whether the figure counts as bounded.
   */
  record Verdict(
      int samples,
      double start,
      double peak,
      double end,
      double firstThirdRise,
      double lastThirdRise,
      double allowance,
      boolean bounded,
      boolean lowest) {
    String describe(String format) {
      if (samples < MIN_SAMPLES) {
        return samples + " samples, too few to judge (at least " + MIN_SAMPLES + ")";
      }
      // a heap saws between collections, so it is judged by its lowest values; the rest by trend
      String template =
          lowest
              ? "start %s, peak %s, end %s; lowest value from the first to the middle third %s,"
                  + " from the middle to the last third %s (allowed %s)"
              : "start %s, peak %s, end %s; trend over the first third %s, last third %s (allowed"
                  + " %s)";
      return String.format(
          Locale.ROOT,
          template,
          String.format(Locale.ROOT, format, start),
          String.format(Locale.ROOT, format, peak),
          String.format(Locale.ROOT, format, end),
          signed(format, firstThirdRise),
          signed(format, lastThirdRise),
          String.format(Locale.ROOT, format, allowance));
    }

    private static String signed(String format, double v) {
      String s = String.format(Locale.ROOT, format, v);
      if (s.matches("-0(\\.0*)?")) {
        s = s.substring(1); // a trend that rounds to zero has no sign
      }
      return s.startsWith("-") ? s : "+" + s;
    }
  }

  /**
   * Judges {@code series} (one value per sample, in order; NaN for a sample that could not be read,
   * skipped).
   */
  static Verdict judge(double[] series, double relative, double absolute) {
    double[] v = Arrays.stream(series).filter(x -> !Double.isNaN(x)).toArray();
    int n = v.length;
    if (n < MIN_SAMPLES) {
      double last = n == 0 ? Double.NaN : v[n - 1];
      double first = n == 0 ? Double.NaN : v[0];
      double peak = Arrays.stream(v).max().orElse(Double.NaN);
      return new Verdict(n, first, peak, last, Double.NaN, Double.NaN, Double.NaN, false, false);
    }
    int third = n / 3;
    double span = (n - 1) / 3.0; // sample steps in a third of the run
    double peak = Arrays.stream(v).max().orElseThrow();
    double first = slope(v, 0, third) * span;
    double last = slope(v, n - third, n) * span;
    double allowance = Math.max(absolute, relative * Math.abs(peak));
    return new Verdict(n, v[0], peak, v[n - 1], first, last, allowance, last <= allowance, false);
  }

  /**
   * Judges {@code series} by its lowest values: the rise of the lowest value from the middle third
   * to the last may be at most {@code max(absolute, relative × peak)}. NaN samples are skipped.
   */
  static Verdict judgeLowest(double[] series, double relative, double absolute) {
    Verdict trend = judge(series, relative, absolute);
    if (trend.samples() < MIN_SAMPLES) {
      return trend;
    }
    double[] v = Arrays.stream(series).filter(x -> !Double.isNaN(x)).toArray();
    int n = v.length;
    int third = n / 3;
    double first = Arrays.stream(v, 0, third).min().orElseThrow();
    double middle = Arrays.stream(v, third, n - third).min().orElseThrow();
    double last = Arrays.stream(v, n - third, n).min().orElseThrow();
    return new Verdict(
        n,
        v[0],
        trend.peak(),
        v[n - 1],
        middle - first,
        last - middle,
        trend.allowance(),
        last - middle <= trend.allowance(),
        true);
  }

  /** Least-squares slope of {@code v[from..to)} per sample step. */
  static double slope(double[] v, int from, int to) {
    int n = to - from;
    double mx = (n - 1) / 2.0;
    double my = 0;
    for (int i = from; i < to; i++) {
      my += v[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - mx) * (v[from + i] - my);
      sxx += (i - mx) * (i - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }
}
