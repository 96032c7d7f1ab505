package dev.tagstream.bench;

import java.util.List;

/**
 * Picks the grid point with the highest validation score; NaN never wins; ties go to the earlier
 * point.
 */
final class GridSelection {
  private GridSelection() {}

  static Trial best(List<Trial> trials) {
    Trial best = null;
    for (Trial t : trials) {
      if (!Double.isNaN(t.valScore()) && (best == null || t.valScore() > best.valScore())) {
        best = t;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "no grid point has a finite validation score (" + trials.size() + " tried)");
    }
    return best;
  }
}
