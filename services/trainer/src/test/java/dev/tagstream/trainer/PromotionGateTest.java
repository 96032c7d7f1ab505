package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PromotionGateTest {
  private final PromotionGate gate = new PromotionGate(0.01, 0.0);

  @Test
  void promotesACandidateBetterByMoreThanTheMargin() {
    assertEquals(
        new PromotionGate.Decision(
            true, "mAP 0.8000 vs current 0.7000: gain +0.1000 above margin 0.0100"),
        gate.decide(0.80, OptionalDouble.of(0.70)));
  }

  @Test
  void refusesAWorseCandidate() {
    assertEquals(
        new PromotionGate.Decision(
            false, "mAP 0.6000 vs current 0.7000: gain -0.1000 not above margin 0.0100"),
        gate.decide(0.60, OptionalDouble.of(0.70)));
  }

  @Test
  void refusesAGainEqualToTheMargin() {
    // binary-exact values: 0.75 - 0.5 is exactly 0.25
    assertEquals(
        false, new PromotionGate(0.25, 0.0).decide(0.75, OptionalDouble.of(0.5)).promote());
  }

  @Test
  void refusesAnEqualCandidateEvenWithZeroMargin() {
    assertEquals(
        false, new PromotionGate(0.0, 0.0).decide(0.70, OptionalDouble.of(0.70)).promote());
  }

  @Test
  void promotesTheFirstCandidateAboveTheFloor() {
    assertEquals(
        new PromotionGate.Decision(true, "initial model: mAP 0.4000 above floor 0.0000"),
        gate.decide(0.40, OptionalDouble.empty()));
    assertEquals(
        new PromotionGate.Decision(false, "initial model: mAP 0.0000 not above floor 0.0000"),
        gate.decide(0.0, OptionalDouble.empty()));
  }

  @Test
  void neverPromotesAnUndefinedCandidateMap() {
    assertEquals(
        new PromotionGate.Decision(
            false, "candidate mAP undefined: no validation image has a positive label"),
        gate.decide(Double.NaN, OptionalDouble.of(0.5)));
  }

  @Test
  void treatsAnUnscorableCurrentModelAsNoCurrentModel() {
    assertEquals(true, gate.decide(0.3, OptionalDouble.of(Double.NaN)).promote());
  }
}
