package dev.tagstream.bench;

/**
 * Share of the assume-negative gap a method closes: r = (m - an) / (full - an). 1 = reaches the
 * full-label upper bound, 0 = no better than AN, < 0 = worse than AN. NaN when there is no gap
 * (full <= an).
 */
final class GapRecovery {
  private GapRecovery() {}

  static double of(double method, double assumeNegative, double full) {
    double gap = full - assumeNegative;
    return gap > 0 ? (method - assumeNegative) / gap : Double.NaN;
  }
}
