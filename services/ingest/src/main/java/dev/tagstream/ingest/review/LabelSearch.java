package dev.tagstream.ingest.review;

import dev.tagstream.model.labels.LabelDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Type-ahead over a vocabulary, case-insensitive: names starting with the query first, then names
 * with a word starting with it (after a space, '-', '_', ':' or '/'), then names containing it;
 * shorter names first within each group, then alphabetical. Pure.
 */
public final class LabelSearch {
  private LabelSearch() {}

  public static List<LabelDef> search(List<LabelDef> labels, String query, int limit) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    List<Ranked> hits = new ArrayList<>();
    for (LabelDef d : labels) {
      int rank = rank(d.name().toLowerCase(Locale.ROOT), q);
      if (rank >= 0) {
        hits.add(new Ranked(d, rank));
      }
    }
    hits.sort(
        Comparator.comparingInt(Ranked::rank)
            .thenComparingInt((Ranked r) -> r.def().name().length())
            .thenComparing(r -> r.def().name()));
    return hits.stream().limit(limit).map(Ranked::def).toList();
  }

  /**
   * 0 prefix, 1 word prefix, 2 substring, -1 no match; an empty query matches everything as a
   * prefix.
   */
  static int rank(String name, String q) {
    if (name.startsWith(q)) {
      return 0;
    }
    int at = name.indexOf(q);
    if (at < 0) {
      return -1;
    }
    for (int i = at; i >= 0; i = name.indexOf(q, i + 1)) {
      if ("-_:/ ".indexOf(name.charAt(i - 1)) >= 0) {
        return 1;
      }
    }
    return 2;
  }

  private record Ranked(LabelDef def, int rank) {}
}
