package dev.tagstream.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which of an image's true labels a training manifest reveals: {@code full} all of them, {@code
 * single} one drawn uniformly, {@code partial:P} each with probability P (at least one), {@code
 * salient} the emoji of the largest object only (as a human annotator names what stands out). The
 * rest become unknown.
 */
public record ObservedLabels(Mode mode, double keepProbability) {
  /** The observation regime. */
  public enum Mode {
    FULL,
    SINGLE,
    PARTIAL,
    SALIENT
  }

  public ObservedLabels {
    if (mode == Mode.PARTIAL && !(keepProbability > 0 && keepProbability <= 1)) {
      throw new DatasetException("partial:P needs 0 < P <= 1, got " + keepProbability);
    }
  }

  public static ObservedLabels parse(String s) {
    if (s.equals("full")) {
      return new ObservedLabels(Mode.FULL, 1);
    }
    if (s.equals("single")) {
      return new ObservedLabels(Mode.SINGLE, 0);
    }
    if (s.equals("salient")) {
      return new ObservedLabels(Mode.SALIENT, 0);
    }
    if (s.startsWith("partial:")) {
      try {
        return new ObservedLabels(
            Mode.PARTIAL, Double.parseDouble(s.substring("partial:".length())));
      } catch (NumberFormatException e) {
        throw new DatasetException("--observed " + s + ": P is not a number");
      }
    }
    throw new DatasetException(
        "--observed " + s + ": use full, single, salient or partial:P (e.g. partial:0.3)");
  }

  /**
   * The revealed subset of {@code truth} (order kept), drawn with {@code rng}; {@code salient} is
   * the label of the image's largest object, which only the salient regime reads (it must then be
   * one of the truth).
   */
  public List<String> observe(List<String> truth, String salient, SplittableRandom rng) {
    if (truth.isEmpty() || mode == Mode.FULL) {
      return List.copyOf(truth);
    }
    if (mode == Mode.SALIENT) {
      if (salient == null || !truth.contains(salient)) {
        throw new DatasetException(
            "the salient regime needs each image's largest object among its labels (the"
                + " dataset's scenes.jsonl); got "
                + salient
                + " for "
                + truth);
      }
      return List.of(salient);
    }
    if (mode == Mode.SINGLE) {
      return List.of(truth.get(rng.nextInt(truth.size())));
    }
    List<String> kept = new ArrayList<>();
    for (String t : truth) {
      if (rng.nextDouble() < keepProbability) {
        kept.add(t);
      }
    }
    return kept.isEmpty() ? List.of(truth.get(rng.nextInt(truth.size()))) : List.copyOf(kept);
  }

  @Override
  public String toString() {
    return switch (mode) {
      case FULL -> "full";
      case SINGLE -> "single";
      case PARTIAL -> "partial:" + keepProbability;
      case SALIENT -> "salient";
    };
  }
}
