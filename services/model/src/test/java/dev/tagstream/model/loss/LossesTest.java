package dev.tagstream.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Value and gradient of every loss on one 2x3 example, expected numbers worked out by hand from the
 * closed forms (p = sigmoid(x); d softplus(x)/dx = p; d softplus(-x)/dx = p - 1; loss = sum over
 * labels, mean over the 2 images, so each gradient carries a factor 1/2).
 *
 * <pre>
 *   x = [[ 2.0, -1.0,  0.5],     targets = [[1, 0, 0],     known = [[1, 1, 0],
 *        [-0.5,  1.5, -2.0]]                [0, 1, 0]]              [0, 1, 1]]
 * </pre>
 *
 * Row 0: positive, confirmed negative, unknown. Row 1: unknown, positive, confirmed negative. Known
 * part (shared by all but AN-like losses): value 2 * 0.3842655, gradient rows [(p-1)/2, p/2, 0] and
 * [0, (p-1)/2, p/2].
 */
class LossesTest {
  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static final float[] X = {2.0f, -1.0f, 0.5f, -0.5f, 1.5f, -2.0f};
  private static final float[] T = {1, 0, 0, 0, 1, 0};
  private static final float[] K = {1, 1, 0, 0, 1, 1};
  private static final float[] KNOWN_GRAD = {
    -0.0596015f, 0.1344707f, 0f, 0f, -0.0912128f, 0.0596015f
  };

  @Test
  void describesTheLossAndItsEffectiveParametersInWords() {
    assertEquals(
        "weighted binary cross-entropy: present labels weight w_p = 1, absent or unknown labels weight"
            + " w_n = 0.5",
        Losses.describe(LossSpec.of("weighted")));
    assertEquals(
        "weighted binary cross-entropy: present labels weight w_p = 2, absent or unknown labels weight"
            + " w_n = 0.25",
        Losses.describe(new LossSpec("weighted", java.util.Map.of("wp", 2.0, "wn", 0.25))));
    assertEquals(
        "positive-unlabeled risk: each observed positive stands for 1/e positives, label frequency e = 0.05"
            + " for leaf labels, 0.2 for inner labels, 0.2 for top-level labels",
        Losses.describe(new LossSpec("pu", java.util.Map.of("e", 0.05, "e-inner", 0.2))));
    assertEquals(
        "Hill loss: unknowns weighted (lambda - p) p^2, lambda = 1.5",
        Losses.describe(LossSpec.of("hill")));
  }

  @Test
  void assumeNegativeIsPlainBce() {
    // unknowns take softplus(x): gradient p/2 = 0.3112297 at x=0.5, 0.1887703 at x=-0.5
    check(
        new AssumeNegativeLoss(),
        1.1083425f,
        new float[] {-0.0596015f, 0.1344707f, 0.3112297f, 0.1887703f, -0.0912128f, 0.0596015f});
  }

  @Test
  void weightedScalesPositivesAndUnknownsButNotConfirmedNegatives() {
    // wp = 2 doubles the positive terms; wn = 0.25 quarters the unknown terms; confirmed negatives
    // stay at 1
    check(
        new WeightedBinaryCrossEntropy(2f, 0.25f),
        0.7294554f,
        new float[] {-0.1192029f, 0.1344707f, 0.0778074f, 0.0471926f, -0.1824255f, 0.0596015f});
  }

  @Test
  void wanWeighsUnknownsByOneOverCMinusOne() {
    // C = 3, so w_n = 1/2
    check(
        Losses.create(LossSpec.of("wan"), 3),
        0.7463040f,
        new float[] {-0.0596015f, 0.1344707f, 0.1556148f, 0.0943852f, -0.0912128f, 0.0596015f});
  }

  @Test
  void ignoreDropsUnknowns() {
    check(new IgnoreUnknownLoss(), 0.3842655f, KNOWN_GRAD);
  }

  @Test
  void asymmetricFocusesUnknownsWithMargin() {
    // positive (1-p)*softplus(-x); unknown pm^4 * -log(1-pm), pm = p - 0.05
    check(
        new AsymmetricLoss(1f, 4f, 0.05f),
        0.2939415f,
        new float[] {-0.0137680f, 0.1344707f, 0.1044368f, 0.0085648f, -0.0316596f, 0.0596015f});
  }

  @Test
  void hillWeighsUnknownsByLambdaMinusPTimesPSquared() {
    // d/dx (1.5 - p) p^2 = (3p - 3p^2) p (1 - p); equal at x = +-0.5 when lambda = 1.5
    check(
        new HillLoss(1.5f),
        0.6342655f,
        new float[] {-0.0596015f, 0.1344707f, 0.0828401f, 0.0828401f, -0.0912128f, 0.0596015f});
  }

  @Test
  void entropyMaximisationPushesUnknownsTowardsHalf() {
    // d(-alpha H)/dx = alpha * x * p (1 - p): positive gradient for x > 0, negative for x < 0
    check(
        new EntropyMaximizationLoss(0.1f),
        0.3179808f,
        new float[] {-0.0596015f, 0.1344707f, 0.0058751f, -0.0058751f, -0.0912128f, 0.0596015f});
  }

  @Test
  void largeLossRejectionDropsTheLargestUnknownLossOnceTheRateAllows() {
    LargeLossRejection loss = new LargeLossRejection(0.25f, 0.5f);
    loss.setEpoch(0); // rate 0: plain AN
    check(
        loss,
        1.1083425f,
        new float[] {-0.0596015f, 0.1344707f, 0.3112297f, 0.1887703f, -0.0912128f, 0.0596015f});
    loss.setEpoch(2); // rate 0.5 of 2 unknowns: k = 1, the one at x = 0.5 (softplus 0.974 > 0.474)
    assertEquals(0.5f, loss.rate());
    check(
        loss,
        0.6213040f,
        new float[] {-0.0596015f, 0.1344707f, 0f, 0.1887703f, -0.0912128f, 0.0596015f});
  }

  @Test
  void largeLossCorrectionRelabelsTheLargestUnknownAsPositive() {
    LargeLossCorrection loss = new LargeLossCorrection(0.25f, 0.5f);
    loss.setEpoch(7); // capped at max 0.5
    assertEquals(0.5f, loss.rate());
    check(
        loss,
        0.8583425f,
        new float[] {-0.0596015f, 0.1344707f, -0.1887703f, 0.1887703f, -0.0912128f, 0.0596015f});
  }

  @Test
  void positiveUnlabeledCountsAnObservedPositiveAsOneOverEPositives() {
    // e = (0.5, 0.25, 0.1) by column: positive -x + e softplus(x) (gradient (e p - 1)/2), unknown e
    // softplus(x)
    // (gradient e p/2), confirmed negative softplus(x); the value is negative because -x is
    // unbounded below
    check(
        new PositiveUnlabeledLoss(new float[] {0.5f, 0.25f, 0.1f}),
        -0.6182734f,
        new float[] {-0.2798007f, 0.1344707f, 0.0311230f, 0.0943852f, -0.3978032f, 0.0596015f});
  }

  @Test
  void positiveUnlabeledTakesItsLabelFrequencyPerLevel() {
    Vocabulary v =
        Vocabulary.of(
            List.of(
                new LabelDef("root", List.of()),
                new LabelDef("inner", List.of("root")),
                new LabelDef("leaf", List.of("inner")),
                new LabelDef("alone", List.of())));
    assertArrayEquals(
        new float[] {0.6f, 0.3f, 0.1f, 0.1f},
        Losses.labelFrequencies(
            new LossSpec("pu", Map.of("e", 0.1, "e-inner", 0.3, "e-root", 0.6)), 4, v));
    // unset levels inherit from the level below; a flat label set uses e everywhere
    assertArrayEquals(
        new float[] {0.2f, 0.2f, 0.2f, 0.2f},
        Losses.labelFrequencies(new LossSpec("pu", Map.of("e", 0.2)), 4, v));
    assertArrayEquals(
        new float[] {0.1f, 0.1f}, Losses.labelFrequencies(LossSpec.of("pu"), 2, null));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.create(new LossSpec("pu", Map.of("e", 0.0)), v));
    assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
  }

  @Test
  void aPseudoPositiveScaledByPseudoPositiveScaleCountsOnceUnderPu() {
    float[] scale = Losses.pseudoPositiveScale(new LossSpec("pu", Map.of("e", 0.5)), 3, null);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, scale);
    assertArrayEquals(
        new float[] {1f, 1f}, Losses.pseudoPositiveScale(LossSpec.of("weighted"), 2, null));
    // a guess q = 0.4 at x = 1 enters as t = k = 0.5 * 0.4 = 0.2: -0.2 + 0.5 softplus(1) =
    // 0.5 (0.4 softplus(-1) + 0.6 softplus(1)) = 0.4566309, e times the BCE toward 0.4; five
    // confirmed negatives at x = 0 add 5 ln 2; mean over 2 images = 1.9611834. Gradient of the
    // guess
    // e (sigmoid(1) - q) / 2 = 0.0827647, of each negative sigmoid(0) / 2 = 0.25
    float q = 0.4f * scale[0];
    float[][] r =
        valueAndGrad(
            new PositiveUnlabeledLoss(scale),
            new float[] {1, 0, 0, 0, 0, 0},
            new float[] {q, 0, 0, 0, 0, 0},
            new float[] {q, 1, 1, 1, 1, 1});
    assertEquals(1.9611834f, r[0][0], 2e-6);
    assertArrayEquals(new float[] {0.0827647f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f}, r[1], 2e-6f);
  }

  @Test
  void everyLossIsFiniteAtExtremeLogits() {
    for (String name : LossNames.names()) {
      PartialLabelLoss loss = Losses.create(LossSpec.of(name), 3);
      if (loss instanceof EpochScheduled s) {
        s.setEpoch(1000);
      }
      float[] x = {40f, -40f, 40f, -40f, 40f, -40f};
      float[][] r =
          valueAndGrad(loss, x, new float[] {0, 1, 0, 1, 0, 0}, new float[] {1, 1, 0, 0, 0, 1});
      assertTrue(Float.isFinite(r[0][0]), name + " value " + r[0][0]);
      for (float g : r[1]) {
        assertTrue(Float.isFinite(g), name + " gradient " + g);
      }
    }
  }

  /**
   * Regression: DJL turns a Java number in an op into a tensor over Java memory that autograd may
   * keep for the backward pass; once that memory was freed, gradients came out NaN at random (see
   * PartialLabelLoss.constant).
   */
  @Test
  void gradientsDoNotReadMemoryFreedBetweenForwardAndBackward() {
    List<String> differ = new ArrayList<>();
    for (String name : LossNames.names()) {
      PartialLabelLoss loss = Losses.create(LossSpec.of(name), 3);
      if (loss instanceof EpochScheduled s) {
        s.setEpoch(1000);
      }
      float[][] plain = valueAndGrad(loss, X, T, K, () -> {});
      float[][] poisoned = valueAndGrad(loss, X, T, K, FreedMemory::poison);
      if (!Arrays.equals(plain[1], poisoned[1])) {
        differ.add(
            name + ": " + Arrays.toString(plain[1]) + " became " + Arrays.toString(poisoned[1]));
      }
    }
    assertEquals(List.of(), differ, "gradients changed by a GC between forward and backward");
  }

  @Test
  void factoryRejectsUnknownLossAndParameterByName() {
    IllegalArgumentException a =
        assertThrows(IllegalArgumentException.class, () -> Losses.create(LossSpec.of("focal"), 10));
    assertTrue(a.getMessage().contains("'focal'"), a.getMessage());
    IllegalArgumentException b =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.create(new LossSpec("asl", Map.of("gamma", 2.0)), 10));
    assertTrue(
        b.getMessage().contains("'gamma'") && b.getMessage().contains("gamma-neg"), b.getMessage());
    IllegalArgumentException c =
        assertThrows(
            IllegalArgumentException.class, () -> LossSpec.parse("weighted", List.of("wn")));
    assertTrue(c.getMessage().contains("'wn'"), c.getMessage());
  }

  @Test
  void specParsesKeyValuesAndDefaultDeltaScalesWithLabelCount() {
    LossSpec s = LossSpec.parse("weighted", List.of("wp=1.5", "wn=0.25"));
    assertEquals(Map.of("wp", 1.5, "wn", 0.25), s.params());
    assertEquals(0.002f, Losses.defaultDelta(80), 1e-9);
    assertEquals(0.00008f, Losses.defaultDelta(2000), 1e-9);
    assertFalse(LossNames.names().isEmpty());
  }

  private static void check(PartialLabelLoss loss, float value, float[] grad) {
    float[][] r = valueAndGrad(loss, X, T, K);
    assertEquals(value, r[0][0], 2e-6, loss.getName() + " value");
    assertArrayEquals(grad, r[1], 2e-6f, loss.getName() + " gradient");
  }

  private static float[][] valueAndGrad(PartialLabelLoss loss, float[] x, float[] t, float[] k) {
    return valueAndGrad(loss, x, t, k, () -> {});
  }

  private static float[][] valueAndGrad(
      PartialLabelLoss loss, float[] x, float[] t, float[] k, Runnable beforeBackward) {
    try (NDManager m = manager.newSubManager()) {
      NDArray logits = m.create(x).reshape(2, 3);
      logits.setRequiresGradient(true);
      NDList labels = PartialLabels.of(m.create(t).reshape(2, 3), m.create(k).reshape(2, 3));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = loss.evaluate(labels, new NDList(logits));
        beforeBackward.run();
        gc.backward(l);
        return new float[][] {{l.getFloat()}, logits.getGradient().toFloatArray()};
      }
    }
  }
}
