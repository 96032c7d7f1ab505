package dev.tagstream.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * What to build (ids are {@code <idPrefix>-<split>-<index>}): vendors, output folder, split sizes,
 * seed, observation regime, canvas size, where the art is.
 */
public record EmojiScenesConfig(
    List<String> vendors,
    Path out,
    int train,
    int val,
    int test,
    long seed,
    ObservedLabels observed,
    int size,
    Path assets,
    Path cache,
    String idPrefix) {
  public EmojiScenesConfig {
    vendors = List.copyOf(vendors);
    if (vendors.isEmpty()) {
      throw new DatasetException(
          "--vendors needs at least one of google, twitter, apple, facebook");
    }
    idPrefix = idPrefix == null ? "es" : idPrefix;
    if (!idPrefix.matches("[A-Za-z0-9._-]{1,40}")) {
      throw new DatasetException(
          "id prefix '" + idPrefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    if (train < 0 || val < 0 || test < 0 || train + val + test == 0) {
      throw new DatasetException("--train, --val and --test must be >= 0 and not all 0");
    }
  }

  public EmojiScenesConfig(
      List<String> vendors,
      Path out,
      int train,
      int val,
      int test,
      long seed,
      ObservedLabels observed,
      int size,
      Path assets,
      Path cache) {
    this(vendors, out, train, val, test, seed, observed, size, assets, cache, "es");
  }

  public EmojiScenesConfig withIdPrefix(String prefix) {
    return new EmojiScenesConfig(
        vendors, out, train, val, test, seed, observed, size, assets, cache, prefix);
  }
}
