package dev.tagstream.bench;

import dev.tagstream.model.infer.HierarchySmoothing;
import dev.tagstream.model.loss.LossSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods of the loss benchmark and their small parameter grids (learning rates come on top).
 */
final class Methods {
  private Methods() {}

  /**
   * Every method in table order; LL-R/LL-CT rates are per label count (delta = k / C entries per
   * image per epoch).
   */
  static List<Method> all(int numLabels) {
    double c = numLabels;
    List<Method> m = new ArrayList<>();
    m.add(
        new Method(
            Method.FULL,
            List.of(LossSpec.of("an")),
            "all labels known: BCE on full labels (upper bound)"));
    m.add(new Method("an", List.of(LossSpec.of("an")), "unknown = negative (plain BCE)"));
    m.add(
        new Method(
            "weighted",
            List.of(spec("weighted", Map.of("wp", 1.0, "wn", 0.5))),
            "negatives weighted wp=1, wn=0.5"));
    m.add(new Method("wan", List.of(LossSpec.of("wan")), "unknowns weighted 1/(C-1)"));
    m.add(new Method("ignore", List.of(LossSpec.of("ignore")), "unknowns ignored"));
    m.add(
        new Method(
            "asl",
            List.of(spec("asl", Map.of("gamma-neg", 4.0))),
            "asymmetric focusing as published: gamma- 4, gamma+ 1, probability margin 0.05"));
    m.add(
        new Method(
            "hill",
            List.of(spec("hill", Map.of("lambda", 1.5))),
            "unknowns weighted (lambda - p) p^2, lambda 1.5"));
    m.add(
        new Method(
            "em",
            List.of(spec("em", Map.of("alpha", 0.01)), spec("em", Map.of("alpha", 0.1))),
            "maximise entropy of unknowns, alpha in {0.01, 0.1}"));
    m.add(
        new Method(
            "ll-r",
            List.of(
                spec("ll-r", Map.of("delta", 0.16 / c)), spec("ll-r", Map.of("delta", 0.5 / c))),
            "reject the largest unknown losses, rate +delta per epoch, delta in {0.16, 0.5}/C"));
    m.add(
        new Method(
            "ll-ct",
            List.of(
                spec("ll-ct", Map.of("delta", 0.16 / c)), spec("ll-ct", Map.of("delta", 0.5 / c))),
            "relabel the largest unknown losses positive, delta in {0.16, 0.5}/C"));
    // Label frequency e = P(observed | positive) per level; single-label regimes observe leaves
    // least often.
    // 40k (bench/results/losses.md): single picked e = 0.05 or 0.02, partial:0.3 0.05 or 0.1,
    // salient 0.3; 0.01 never
    m.add(
        new Method(
            "pu",
            List.of(
                spec("pu", Map.of("e", 0.02, "e-inner", 0.15, "e-root", 0.5)),
                spec("pu", Map.of("e", 0.05, "e-inner", 0.2, "e-root", 0.5)),
                spec("pu", Map.of("e", 0.1, "e-inner", 0.3, "e-root", 0.6)),
                spec("pu", Map.of("e", 0.3, "e-inner", 0.5, "e-root", 0.8))),
            "unbiased positive-unlabeled risk, label frequency e per level (emoji/inner/root)"));
    m.add(
        new Method(
            Method.SELF_TRAINING,
            List.of(),
            "self-training: best other method (on validation), then hierarchy-guided (hard or soft) + confident pseudo-positives, or a per-label quota from the class prior, optionally then each scene's missing leaves by its object count, or each unlabelled object's best leaf by its nearest labelled objects' votes after within-leaf whitening, counted once or three times, optionally blended with the labelled objects' prototype scores (layout side information), retrain"));
    m.add(
        new Method(
            Method.NEIGHBOURS,
            List.of(),
            "neighbour labels: best other method (on validation), retrained"
                + " with an unknown label positive when >= tau of the image's k nearest training images (cosine, frozen"
                + " embeddings) observe it; (k, tau) in "
                + neighbourGrid().stream()
                    .map(p -> "(" + p.get("k").intValue() + ", " + p.get("tau") + ")")
                    .toList()));
    m.add(
        new Method(
            Method.HIERARCHY_SMOOTHING,
            List.of(),
            "hierarchy smoothing: best other method (on validation), each label's probability times its ancestors' to the"
                + " power gamma, gamma in "
                + HIERARCHY_GAMMAS));
    return List.copyOf(m);
  }

  /** The named methods, in table order; fails naming an unknown one. */
  static List<Method> select(List<String> names, int numLabels) {
    Map<String, Method> byName = new LinkedHashMap<>();
    all(numLabels).forEach(x -> byName.put(x.name(), x));
    for (String n : names) {
      if (!byName.containsKey(n)) {
        throw new IllegalArgumentException("unknown method '" + n + "'; known: " + byName.keySet());
      }
    }
    return byName.values().stream().filter(x -> names.contains(x.name())).toList();
  }

  /** The exponents hierarchy smoothing tries (selected on validation). */
  static final List<Double> HIERARCHY_GAMMAS =
      HierarchySmoothing.GAMMAS.stream().filter(g -> g > 0).toList();

  /** A self-training grid point's descent: guided (soft when "soft" is set) or off. */
  static PseudoLabels.Descent descent(Map<String, Double> point) {
    if (point.getOrDefault("guided", 0.0) <= 0) {
      return PseudoLabels.Descent.OFF;
    }
    return point.getOrDefault("soft", 0.0) > 0
        ? PseudoLabels.Descent.SOFT
        : PseudoLabels.Descent.HARD;
  }

  /**
   * Self-training grid points: guided descent on (hard, or soft with "soft") or off, confidence
   * threshold tau or none; or, with "quota" f, each label's share of the class prior (PriorQuota);
   * with "once", each pseudo-positive counts as one positive under round one's loss instead of as
   * an observation (PseudoLabels.countOnce), with "weight" w as w positives
   * (PseudoLabels.weighted); with "count", each scene's object count from its layout then fills the
   * leaves it still lacks (ObjectCountFill); with "objects" s, the most similar share s of the
   * per-object picks become positive (ObjectLabels: each layout's objects cropped and embedded,
   * observed leaves placed on them, the rest scored by the votes of their nearest placed objects
   * after whitening), and each such point is also tried with the objects' prototype scores blended
   * in (BLEND_WEIGHTS, PrototypeBlend).
   *
   * <p>Points that never won on validation at 40,000 scenes (runs of bench/results/losses-40k-*.md:
   * more soft and out-of-fold variants, a second self-training round, quota 0.5) are left out: the
   * grid is most of the matrix's time.
   */
  static List<Map<String, Double>> selfTrainingGrid() {
    return List.of(
        Map.of("guided", 1.0, "once", 1.0),
        // "oof": pseudo-labels from out-of-fold probabilities (LossBenchmark.outOfFold)
        Map.of("guided", 1.0, "soft", 1.0, "once", 1.0, "oof", 1.0),
        // confident pseudo-positives count once: as observations under pu (1/e each) they drove
        // validation mAP to 0.01-0.08 at 40k (bench/results/losses-40k-adding-positives.md)
        Map.of("guided", 0.0, "tau", 0.6, "once", 1.0),
        Map.of("quota", 0.25, "once", 1.0),
        // "count": then each scene's object count fills its missing leaves (ObjectCountFill)
        Map.of("count", 1.0, "guided", 1.0, "once", 1.0),
        // per object; weight 3 beat 1 and 10 on validation at 40k (losses-40k-whitened.md)
        Map.of("objects", 1.0, "once", 1.0),
        Map.of("objects", 1.0, "once", 1.0, "weight", 3.0),
        Map.of("objects", 0.75, "once", 1.0, "weight", 3.0),
        Map.of("objects", 1.0, "guided", 1.0, "once", 1.0, "weight", 3.0));
  }

  /**
   * The prototype blend's weights a per-object point is tried with (0: none); at 40k 0.25 and 0.5
   * each won on validation in one seed, 2 was lower in every probe.
   */
  static final List<Double> BLEND_WEIGHTS = List.of(0.0, 0.25, 0.5, 1.0);

  /**
   * Neighbour-label grid points: k nearest training images and the vote share tau that makes a
   * pseudo-positive; each pseudo-positive counts once under round one's loss, as self-training's do
   * (PseudoLabels.countOnce; as observations under pu they weigh 1/e each).
   */
  static List<Map<String, Double>> neighbourGrid() {
    return List.of(
        Map.of("k", 10.0, "tau", 0.1, "once", 1.0),
        Map.of("k", 10.0, "tau", 0.2, "once", 1.0),
        Map.of("k", 10.0, "tau", 0.3, "once", 1.0),
        Map.of("k", 20.0, "tau", 0.15, "once", 1.0));
  }

  private static LossSpec spec(String name, Map<String, Double> params) {
    return new LossSpec(name, params);
  }
}
