package dev.tagstream.bench;

import dev.tagstream.model.loss.LossSpec;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One grid point of a method: its loss (with parameters), learning rate and method-level extras
 * (e.g. tau).
 */
record Candidate(String method, LossSpec loss, double learningRate, Map<String, Double> extra) {
  Candidate {
    extra = java.util.Collections.unmodifiableMap(new TreeMap<>(extra));
  }

  Candidate(String method, LossSpec loss, double learningRate) {
    this(method, loss, learningRate, Map.of());
  }

  double extra(String key, double fallback) {
    return extra.getOrDefault(key, fallback);
  }

  /** e.g. "lr=0.01 loss=em alpha=0.1 tau=0.5": everything that was selected, for the table. */
  String describe() {
    StringBuilder b =
        new StringBuilder("lr=").append(num(learningRate)).append(" loss=").append(loss.name());
    new TreeMap<>(loss.params())
        .forEach((k, v) -> b.append(' ').append(k).append('=').append(num(v)));
    extra.forEach((k, v) -> b.append(' ').append(k).append('=').append(num(v)));
    return b.toString();
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+(?=e|$)", "");
  }
}
