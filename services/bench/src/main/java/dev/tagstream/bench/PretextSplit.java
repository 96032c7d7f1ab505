package dev.tagstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emoji labels split by whether the backbone's pretext had them as classes. Why: the frozen
 * embeddings were trained to tell the pretext's half of the emoji apart, not the other half; if a
 * head scores the seen half far above the unseen one, the backbone, not the loss, limits the tags.
 */
final class PretextSplit {
  static final String LEAF_LEVEL = "emoji";
  static final String SEEN = "emoji, pretext-seen";
  static final String UNSEEN = "emoji, pretext-unseen";

  private PretextSplit() {}

  /**
   * Include-masks over the vocabulary: leaves whose name the pretext saw ({@link #SEEN}), and the
   * other leaves ({@link #UNSEEN}); empty when the vocabulary has no such leaves or either half is
   * empty (nothing to compare).
   */
  static Map<String, boolean[]> masks(List<String> names, String[] levels, Set<String> pretext) {
    if (names.size() != levels.length) {
      throw new IllegalArgumentException(
          names.size() + " label names for " + levels.length + " levels");
    }
    boolean[] seen = new boolean[levels.length];
    boolean[] unseen = new boolean[levels.length];
    for (int j = 0; j < levels.length; j++) {
      if (LEAF_LEVEL.equals(levels[j])) {
        boolean had = pretext.contains(names.get(j));
        seen[j] = had;
        unseen[j] = !had;
      }
    }
    if (size(seen) == 0 || size(unseen) == 0) {
      return Map.of();
    }
    Map<String, boolean[]> m = new LinkedHashMap<>();
    m.put(SEEN, seen);
    m.put(UNSEEN, unseen);
    return m;
  }

  /** How many labels a mask includes. */
  static int size(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      n += b ? 1 : 0;
    }
    return n;
  }
}
