package dev.tagstream.datasets;

import java.nio.file.Path;
import java.util.List;

/** What to build: vendors, output folder, split sizes, seed, observation regime, canvas size, where the art is. */
public record EmojiScenesConfig(List<String> vendors, Path out, int train, int val, int test, long seed,
    ObservedLabels observed, int size, Path assets, Path cache) {
  public EmojiScenesConfig {
    vendors = List.copyOf(vendors);
    if (vendors.isEmpty()) {
      throw new DatasetException("--vendors needs at least one of google, twitter, apple, facebook");
    }
    if (train < 0 || val < 0 || test < 0 || train + val + test == 0) {
      throw new DatasetException("--train, --val and --test must be >= 0 and not all 0");
    }
  }
}
