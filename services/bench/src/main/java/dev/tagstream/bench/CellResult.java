package dev.tagstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One (regime, method, seed) cell: the selected grid point, its validation score and its test
 * metrics.
 */
record CellResult(
    String regime,
    String method,
    long seed,
    Candidate selected,
    double valScore,
    Map<String, Double> test,
    int gridSize,
    double seconds) {
  static final String MAP = "mAP";

  /** mAP over the labels with at least one observed training positive (the learnable ones). */
  static final String MAP_SEEN = "mAP-seen";

  static final String MICRO_F1 = "microF1";
  static final String P1 = "P@1";

  CellResult {
    test = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(test));
  }
}
