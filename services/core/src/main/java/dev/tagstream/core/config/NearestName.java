package dev.tagstream.core.config;

import java.util.Collection;

/**
 * The known name nearest to a mistyped one, for the "did you mean" of an unknown option, variable
 * or file key.
 */
final class NearestName {
  private NearestName() {}

  /**
   * {@code "; did you mean <prefix><name>?"}, or "" when no known name is close: within a third of
   * its length in edits, compared whole or by its last dotted word (so {@code --max-bach} finds
   * {@code worker.max-batch}).
   */
  static String hint(String wrong, Collection<String> known, String prefix) {
    String best = of(wrong, known);
    return best == null ? "" : "; did you mean " + prefix + best + "?";
  }

  /** The nearest known name, or null when none is close. */
  static String of(String wrong, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      String tail = k.substring(k.lastIndexOf('.') + 1);
      int d = Math.min(close(wrong, k), close(wrong, tail));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * The edit distance when it is small for {@code known}'s length (and not a whole rewrite), else
   * MAX_VALUE.
   */
  private static int close(String wrong, String known) {
    int d = distance(wrong, known);
    return d <= Math.max(2, known.length() / 3) && d < known.length() ? d : Integer.MAX_VALUE;
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    a = a.toLowerCase(java.util.Locale.ROOT);
    b = b.toLowerCase(java.util.Locale.ROOT);
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
