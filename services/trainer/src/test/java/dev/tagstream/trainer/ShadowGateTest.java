package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.core.quality.Tally;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowGateTest {
  private final ShadowGate gate = new ShadowGate(10, 0.05, Duration.ofHours(1));

  private static ShadowEvidence.Comparison of(Tally candidate, Tally served) {
    return new ShadowEvidence.Comparison(candidate, served);
  }

  @Test
  void waitsForEnoughJudgedConfirmationsUntilTheTimeLimitThenRejects() {
    ShadowEvidence.Comparison nine = of(new Tally(9, 0, 0, 0), new Tally(9, 0, 0, 0));
    assertEquals(Optional.empty(), gate.decide(nine, Duration.ofMinutes(59)));
    assertEquals(
        Optional.of(
            new PromotionGate.Decision(
                false, "shadow: only 9 of 10 judged confirmations within PT1H")),
        gate.decide(nine, Duration.ofHours(1)));
  }

  @Test
  void promotesACandidateNotWorseThanTheCurrentModelByMoreThanTheMargin() {
    // candidate F1 = 2*4 / (2*4 + 1 + 1) = 0.8; current F1 = 2*5 / (2*5 + 0 + 0) = 1.0: -0.2
    ShadowEvidence.Comparison worse = of(new Tally(4, 1, 1, 4), new Tally(5, 0, 0, 5));
    assertEquals(
        Optional.of(
            new PromotionGate.Decision(
                false,
                "shadow: F1 0.8000 vs current 1.0000 over 10 judged confirmations: -0.2000, beyond"
                    + " the allowed fall of 0.0500")),
        gate.decide(worse, Duration.ZERO));
    // candidate F1 = 2*6 / (2*6 + 2 + 2) = 0.75; current F1 = 2*6 / (2*6 + 1 + 2) = 0.8: -0.05
    ShadowEvidence.Comparison close = of(new Tally(6, 2, 2, 0), new Tally(6, 1, 2, 1));
    assertEquals(
        Optional.of(
            new PromotionGate.Decision(
                true,
                "shadow: F1 0.7500 vs current 0.8000 over 10 judged confirmations: -0.0500, within"
                    + " the allowed fall of 0.0500")),
        gate.decide(close, Duration.ZERO));
  }

  @Test
  void rejectsWhenF1IsUndefinedForEitherModel() {
    ShadowEvidence.Comparison negativesOnly = of(new Tally(0, 0, 0, 10), new Tally(0, 1, 0, 9));
    assertEquals(
        Optional.of(
            new PromotionGate.Decision(
                false,
                "shadow: F1 undefined over 10 judged confirmations (candidate undefined, current"
                    + " 0.0000)")),
        gate.decide(negativesOnly, Duration.ZERO));
  }
}
