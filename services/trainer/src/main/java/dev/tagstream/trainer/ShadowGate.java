package dev.tagstream.trainer;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The online half of {@code trainer.gate=offline+shadow}: a candidate that passed offline is
 * promoted once at least {@code minJudged} confirmations judged both it and the served model on the
 * same images, if its online F1 is not below the served model's by more than {@code margin};
 * otherwise rejected. Without enough judged confirmations after {@code timeout} it is rejected, so
 * a candidate never stays open for ever and a bad model never replaces a good one unseen.
 */
final class ShadowGate {
  private static final double TOLERANCE = 1e-12;
  private final long minJudged;
  private final double margin;
  private final Duration timeout;

  ShadowGate(long minJudged, double margin, Duration timeout) {
    this.minJudged = minJudged;
    this.margin = margin;
    this.timeout = timeout;
  }

  /** Empty while the evidence is still too thin and time remains. */
  Optional<PromotionGate.Decision> decide(ShadowEvidence.Comparison c, Duration open) {
    long judged = c.judged();
    if (judged < minJudged) {
      if (open.compareTo(timeout) < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new PromotionGate.Decision(
              false,
              fmt(
                  "shadow: only %d of %d judged confirmations within %s",
                  judged, minJudged, timeout)));
    }
    double cand = c.candidate().f1();
    double served = c.served().f1();
    if (Double.isNaN(cand) || Double.isNaN(served)) {
      // no confirmed positive and no predicted label among the judged pairs: nothing to compare
      return Optional.of(
          new PromotionGate.Decision(
              false,
              fmt(
                  "shadow: F1 undefined over %d judged confirmations (candidate %s, current %s)",
                  judged, f(cand), f(served))));
    }
    // not worse by more than the margin: cand - served >= -margin; the F1s are ratios of counts, so
    // a fall of exactly the margin (0.75 vs 0.80 at 0.05) must not fail on a rounding error of 1
    // ulp
    double gain = cand - served;
    boolean ok = gain >= -margin - TOLERANCE;
    return Optional.of(
        new PromotionGate.Decision(
            ok,
            fmt(
                "shadow: F1 %.4f vs current %.4f over %d judged confirmations: %+.4f, %s the allowed"
                    + " fall of %.4f",
                cand, served, judged, gain, ok ? "within" : "beyond", margin)));
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "undefined" : fmt("%.4f", v);
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
