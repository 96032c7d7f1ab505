package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.loss.LossSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadEnsembleTest {
  static HeadEnsemble.Member member(double val, float p, double lr) {
    float[][][] probs = {{{p, 1 - p}}, {{p / 2, p}}};
    return new HeadEnsemble.Member(val, probs, new Candidate("st", LossSpec.of("pu"), lr));
  }

  @Test
  void keepsTheBestHeadsByValidationAndAveragesThem() {
    HeadEnsemble e = new HeadEnsemble(2);
    e.offer(member(0.20, 0.1f, 0.07));
    assertFalse(e.complete());
    e.offer(member(Double.NaN, 0.9f, 0.07)); // a diverged head never joins
    e.offer(member(0.30, 0.5f, 0.25));
    e.offer(member(0.25, 0.3f, 0.07));
    assertTrue(e.complete());
    assertEquals(List.of(0.30, 0.25), e.members().stream().map(m -> m.valScore()).toList());
    assertEquals(0.25, e.bestLearningRate());
    // val: ((0.5 + 0.3) / 2, (0.5 + 0.7) / 2); test: ((0.25 + 0.15) / 2, (0.5 + 0.3) / 2)
    float[][][] p = e.probs();
    assertArrayEquals(new float[] {0.4f, 0.6f}, p[0][0], 1e-6f);
    assertArrayEquals(new float[] {0.2f, 0.4f}, p[1][0], 1e-6f);
  }

  @Test
  void meanIsTheElementwiseAverage() {
    float[][] m =
        HeadEnsemble.mean(
            List.of(new float[][] {{1, 0}, {0.5f, 0.2f}}, new float[][] {{0, 0}, {0.1f, 0.4f}}));
    assertArrayEquals(new float[] {0.5f, 0}, m[0], 1e-7f);
    assertArrayEquals(new float[] {0.3f, 0.3f}, m[1], 1e-7f);
  }
}
