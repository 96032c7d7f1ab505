package dev.tagstream.ingest.review;

/**
 * How much a person's answer about one predicted label would teach the model. Pure functions; the
 * queue shows the images whose best label scores highest first.
 *
 * <p>uncertainty(p, t) = 1 - |p - t| / max(t, 1 - t): 1 when the probability sits on the label's
 * threshold, 0 when it is as far from it as it can be. value = uncertainty * (1 + {@value
 * #DOUBT_WEIGHT} * doubt), where doubt in [0, 1] says how little the threshold itself is to be
 * trusted (1: a fallback shared by labels calibrated on too few positives, or no threshold known at
 * all; 0: calibrated on this label's own positives).
 */
final class ReviewValue {
  /**
   * How much more a label with an untrusted threshold is worth than one with a calibrated
   * threshold.
   */
  public static final double DOUBT_WEIGHT = 0.5;

  /** The threshold assumed for a label whose model artifact is not known. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private ReviewValue() {}

  /** In [0, 1]; inputs outside [0, 1] are clamped, NaN counts as 0. */
  public static double uncertainty(double probability, double threshold) {
    double p = clamp(probability);
    double t = clamp(threshold);
    return Math.max(0, 1 - Math.abs(p - t) / Math.max(t, 1 - t));
  }

  /** In [0, 1 + DOUBT_WEIGHT]. */
  public static double value(double probability, double threshold, double doubt) {
    return uncertainty(probability, threshold) * (1 + DOUBT_WEIGHT * clamp(doubt));
  }

  private static double clamp(double x) {
    return Double.isNaN(x) ? 0 : Math.min(1, Math.max(0, x));
  }
}
