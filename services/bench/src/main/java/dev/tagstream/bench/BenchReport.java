package dev.tagstream.bench;

import dev.tagstream.model.metrics.ObservedCounts;
import java.util.List;
import java.util.Map;

/** Everything a loss benchmark produced, for the Markdown table and the JSON file. */
record BenchReport(
    String command,
    BenchConfig config,
    Map<String, Object> data,
    PretextBackbone.Report pretext,
    List<Method> methods,
    List<CellResult> outcomes,
    List<TrialLog> trials,
    Map<String, ObservedCounts> observed,
    double seconds) {
  BenchReport {
    observed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(observed));
    data = Map.copyOf(data);
    methods = List.copyOf(methods);
    outcomes = List.copyOf(outcomes);
    trials = List.copyOf(trials);
  }

  /**
   * One grid point as tried: where, what, its validation score, retries after a non-finite loss.
   */
  record TrialLog(
      String regime, String method, long seed, String candidate, double valScore, int retries) {}

  /** Outcomes of one regime and method, in seed order. */
  List<CellResult> cell(String regime, String method) {
    return outcomes.stream()
        .filter(o -> o.regime().equals(regime) && o.method().equals(method))
        .toList();
  }
}
