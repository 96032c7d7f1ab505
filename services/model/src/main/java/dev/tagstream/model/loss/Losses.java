package dev.tagstream.model.loss;

import dev.tagstream.model.labels.Vocabulary;
import java.util.List;
import java.util.Locale;

/** Factory from a LossSpec to a configured loss; fails fast naming an unknown loss or parameter. */
public final class Losses {
  private Losses() {}

  /** The loss for a flat label set of numLabels labels (pu's e applies to every label). */
  public static PartialLabelLoss create(LossSpec spec, int numLabels) {
    return create(spec, numLabels, null);
  }

  /**
   * The loss for vocab's labels: as above, but pu takes e per level (leaves e, inner labels
   * e-inner, roots e-root).
   */
  public static PartialLabelLoss create(LossSpec spec, Vocabulary vocab) {
    return create(spec, vocab.size(), vocab);
  }

  private static PartialLabelLoss create(LossSpec spec, int numLabels, Vocabulary vocab) {
    List<String> allowed = LossNames.PARAMS.get(spec.name());
    if (allowed == null) {
      throw new IllegalArgumentException(
          "unknown loss '" + spec.name() + "'; known: " + LossNames.names());
    }
    for (String k : spec.params().keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + k
                + "' for loss '"
                + spec.name()
                + "'; allowed: "
                + (allowed.isEmpty() ? "none" : allowed));
      }
    }
    if (numLabels < 2) {
      throw new IllegalArgumentException("need at least 2 labels, got " + numLabels);
    }
    return switch (spec.name()) {
      case "an" -> new AssumeNegativeLoss();
      case "weighted" -> new WeightedBinaryCrossEntropy(f(spec, "wp", 1.0), f(spec, "wn", 0.5));
      case "wan" -> new WeightedBinaryCrossEntropy("wan", 1f, 1f / (numLabels - 1));
      case "ignore" -> new IgnoreUnknownLoss();
      case "asl" ->
          new AsymmetricLoss(
              f(spec, "gamma-pos", 1.0), f(spec, "gamma-neg", 4.0), f(spec, "margin", 0.05));
      case "hill" -> new HillLoss(f(spec, "lambda", 1.5));
      case "em" -> new EntropyMaximizationLoss(f(spec, "alpha", 0.1));
      case "ll-r" ->
          new LargeLossRejection(f(spec, "delta", defaultDelta(numLabels)), f(spec, "max", 0.5));
      case "ll-ct" ->
          new LargeLossCorrection(f(spec, "delta", defaultDelta(numLabels)), f(spec, "max", 0.5));
      case "pu" -> new PositiveUnlabeledLoss(labelFrequencies(spec, numLabels, vocab));
      default -> throw new IllegalStateException(spec.name());
    };
  }

  /**
   * Kim et al. raise the rejection rate by 0.2 % of entries per epoch on COCO's 80 labels, i.e.
   * 0.16 entries per image per epoch. FIELD-NOTES: at 2,000 labels the same fraction drops far more
   * entries than there are missing positives, so keep the published entries-per-image instead:
   * delta = 0.16 / C.
   */
  public static float defaultDelta(int numLabels) {
    return 0.002f * 80f / numLabels;
  }

  /**
   * pu's e per label. Why per level: a scene names one leaf, but that leaf's ancestors are
   * completed from it, so an ancestor is observed whenever any of its present descendants is; its e
   * is higher than its leaves'.
   */
  static float[] labelFrequencies(LossSpec spec, int numLabels, Vocabulary vocab) {
    float leaf = f(spec, "e", DEFAULT_LABEL_FREQUENCY);
    float inner = f(spec, "e-inner", leaf);
    float root = f(spec, "e-root", inner);
    float[] e = new float[numLabels];
    for (int i = 0; i < numLabels; i++) {
      boolean hasChildren = vocab != null && vocab.children(i).length > 0;
      boolean hasParents = vocab != null && vocab.parents(i).length > 0;
      e[i] = !hasChildren ? leaf : hasParents ? inner : root;
    }
    return e;
  }

  /**
   * The factor that makes a guessed positive (a pseudo-label) count as one positive under this
   * loss. Under pu an observed positive stands for 1/e_c positives; a guess is not an observation
   * but already a completed label, so its target and known are scaled by e_c, which makes the entry
   * e_c times the BCE toward its target (pu's unknown weight). 1 for every other loss.
   */
  public static float[] pseudoPositiveScale(LossSpec spec, int numLabels, Vocabulary vocab) {
    if (spec.name().equals("pu")) {
      return labelFrequencies(spec, numLabels, vocab);
    }
    float[] one = new float[numLabels];
    java.util.Arrays.fill(one, 1f);
    return one;
  }

  /**
   * pu's e unless given: a guess for sparse labels; the bench and the trainer select or estimate it
   * on validation.
   */
  public static final double DEFAULT_LABEL_FREQUENCY = 0.1;

  /** The loss and its effective parameters (defaults filled in) in words, for reports and logs. */
  public static String describe(LossSpec spec) {
    return switch (spec.name()) {
      case "an" ->
          "assume negative: plain binary cross-entropy, every unknown label counted absent";
      case "weighted" ->
          String.format(
              Locale.ROOT,
              "weighted binary cross-entropy: present labels weight w_p = %s,"
                  + " absent or unknown labels weight w_n = %s",
              num(spec, "wp", 1.0),
              num(spec, "wn", 0.5));
      case "wan" -> "weighted assume negative: unknown labels weight 1/(C-1)";
      case "ignore" -> "ignore unknowns: only confirmed labels count";
      case "asl" ->
          String.format(
              Locale.ROOT,
              "asymmetric loss: focusing gamma+ = %s, gamma- = %s, probability margin" + " %s",
              num(spec, "gamma-pos", 1.0),
              num(spec, "gamma-neg", 4.0),
              num(spec, "margin", 0.05));
      case "hill" ->
          String.format(
              Locale.ROOT,
              "Hill loss: unknowns weighted (lambda - p) p^2, lambda = %s",
              num(spec, "lambda", 1.5));
      case "em" ->
          String.format(
              Locale.ROOT, "entropy maximisation of unknowns, alpha = %s", num(spec, "alpha", 0.1));
      case "ll-r", "ll-ct" ->
          String.format(
              Locale.ROOT,
              "large-loss %s: the largest unknown losses %s, rate +%s per" + " epoch up to %s",
              spec.name().equals("ll-r") ? "rejection" : "correction",
              spec.name().equals("ll-r") ? "ignored" : "relabelled positive",
              spec.params().containsKey("delta") ? num(spec, "delta", 0) : "0.16/C",
              num(spec, "max", 0.5));
      case "pu" -> {
        String leaf = num(spec, "e", DEFAULT_LABEL_FREQUENCY);
        String inner = spec.params().containsKey("e-inner") ? num(spec, "e-inner", 0) : leaf;
        String root = spec.params().containsKey("e-root") ? num(spec, "e-root", 0) : inner;
        yield "positive-unlabeled risk: each observed positive stands for 1/e positives, label frequency e = "
            + leaf
            + " for leaf labels, "
            + inner
            + " for inner labels, "
            + root
            + " for top-level labels";
      }
      default -> spec.name();
    };
  }

  private static String num(LossSpec spec, String key, double fallback) {
    return new java.math.BigDecimal(Double.toString(spec.get(key, fallback)))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static float f(LossSpec spec, String key, double fallback) {
    double v = spec.get(key, fallback);
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "parameter '" + key + "' of loss '" + spec.name() + "' must be finite");
    }
    return (float) v;
  }
}
