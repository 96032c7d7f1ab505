package dev.tagstream.bench;

import java.util.List;

/** Mean and sample standard deviation (n - 1; 0 for one value) of a metric over seeds. */
record SeedStats(double mean, double sd, List<Double> values) {
  SeedStats {
    values = List.copyOf(values);
  }

  static SeedStats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = values.size() < 2 ? 0 : Math.sqrt(ss / (values.size() - 1));
    return new SeedStats(mean, sd, values);
  }
}
