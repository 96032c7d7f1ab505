package dev.tagstream.trainer;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The promotion rule. With a current model: promote iff candidate mAP - current mAP >
 * minImprovement, both measured on the same held-out images (so equal is not enough: a retrain must
 * earn its swap). Without one (or when the current model cannot be scored): promote iff candidate
 * mAP > initialMinMap. An undefined candidate mAP (no validation positives) is never promoted.
 */
final class PromotionGate {
  /** The outcome and a sentence that says why, as announced on the models topic. */
  record Decision(boolean promote, String reason) {}

  private final double minImprovement;
  private final double initialMinMap;

  PromotionGate(double minImprovement, double initialMinMap) {
    this.minImprovement = minImprovement;
    this.initialMinMap = initialMinMap;
  }

  Decision decide(double candidateMap, OptionalDouble currentMap) {
    if (Double.isNaN(candidateMap)) {
      return new Decision(
          false, "candidate mAP undefined: no validation image has a positive label");
    }
    if (currentMap.isEmpty() || Double.isNaN(currentMap.getAsDouble())) {
      boolean ok = candidateMap > initialMinMap;
      return new Decision(
          ok,
          fmt(
              "initial model: mAP %.4f %s floor %.4f",
              candidateMap, ok ? "above" : "not above", initialMinMap));
    }
    double current = currentMap.getAsDouble();
    double gain = candidateMap - current;
    boolean ok = gain > minImprovement;
    return new Decision(
        ok,
        fmt(
            "mAP %.4f vs current %.4f: gain %+.4f %s margin %.4f",
            candidateMap, current, gain, ok ? "above" : "not above", minImprovement));
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
