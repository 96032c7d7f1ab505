package dev.tagstream.model.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loss by name plus its numeric parameters, as given on the CLI (--loss NAME --loss-param k=v)
 * and in model.json.
 */
public record LossSpec(String name, Map<String, Double> params) {
  public LossSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("loss name must not be blank");
    }
    params = params == null ? Map.of() : Map.copyOf(new TreeMap<>(params));
  }

  public static LossSpec of(String name) {
    return new LossSpec(name, Map.of());
  }

  /** Parses "k=v" strings; fails naming the malformed one. */
  public static LossSpec parse(String name, List<String> keyValues) {
    Map<String, Double> p = new LinkedHashMap<>();
    for (String kv : keyValues) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--loss-param '" + kv + "' must look like key=value");
      }
      String v = kv.substring(eq + 1).trim();
      try {
        p.put(kv.substring(0, eq).trim(), Double.parseDouble(v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--loss-param '" + kv + "': '" + v + "' is not a number", e);
      }
    }
    return new LossSpec(name, p);
  }

  public double get(String key, double fallback) {
    return params.getOrDefault(key, fallback);
  }
}
