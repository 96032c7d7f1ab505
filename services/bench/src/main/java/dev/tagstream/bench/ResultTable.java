package dev.tagstream.bench;

import dev.tagstream.model.metrics.ObservedCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a BenchReport as Markdown: the command, one table per regime, the target check, the
 * protocol.
 */
final class ResultTable {
  private ResultTable() {}

  /**
   * Per regime and method: test metric statistics over seeds and the share of the AN gap recovered.
   */
  record Row(
      String method,
      SeedStats map,
      SeedStats microF1,
      SeedStats p1,
      double gapRecovered,
      List<String> selected,
      Map<String, SeedStats> more) {}

  /**
   * The shares of the gap and points over weighted the issue asks of the best method; 90 % is the
   * long-term aim.
   */
  static final double TARGET_GAP = 0.6;

  static final double TARGET_POINTS = 3;
  static final double LONG_TERM_GAP = 0.9;

  static List<Row> rows(BenchReport r, String regime) {
    List<Row> rows = new ArrayList<>();
    List<CellResult> full = r.cell(Method.FULL, Method.FULL);
    List<CellResult> an = r.cell(regime, "an");
    double fullMap = full.isEmpty() ? Double.NaN : stats(full, CellResult.MAP).mean();
    double anMap = an.isEmpty() ? Double.NaN : stats(an, CellResult.MAP).mean();
    for (Method m : r.methods()) {
      List<CellResult> cell = m.name().equals(Method.FULL) ? full : r.cell(regime, m.name());
      if (cell.isEmpty()) {
        continue;
      }
      SeedStats map = stats(cell, CellResult.MAP);
      rows.add(
          new Row(
              m.name(),
              map,
              stats(cell, CellResult.MICRO_F1),
              stats(cell, CellResult.P1),
              GapRecovery.of(map.mean(), anMap, fullMap),
              cell.stream().map(o -> o.selected().describe()).toList(),
              more(cell)));
    }
    return rows;
  }

  /** The best partial-label method by mean test mAP (never full), or null. */
  static Row best(List<Row> rows) {
    Row best = null;
    for (Row row : rows) {
      if (!row.method().equals(Method.FULL)
          && (best == null || row.map().mean() > best.map().mean())) {
        best = row;
      }
    }
    return best;
  }

  static String markdown(BenchReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# Partial-label losses on EmojiScenes\n\n");
    b.append("Command:\n\n```\n").append(r.command()).append("\n```\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Test macro mAP, micro F1 and P@1 in percent, mean ± sd over %d seeds (%s); "
                + "each method's learning rate and main parameter selected on validation, test measured once per selection. "
                + "\"gap\" = share of the AN → full-label mAP gap recovered, (m − an) / (full − an). Wall time %.0f s.%n%n",
            r.config().seeds().size(),
            r.config().seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")),
            r.seconds()));
    for (String regime : r.config().regimes()) {
      List<Row> rows = rows(r, regime);
      b.append("## ").append(regime).append("\n\n");
      ObservedCounts counts = r.observed().get(regime);
      if (counts != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "Observed training positives per label, over the %d labels that occur in "
                    + "test (first seed): %s. Seen positive at least once: %d (%.0f %%).%n%n",
                counts.labelsInTest(),
                counts.describe(),
                counts.seenInTest(),
                100.0 * counts.seenInTest() / Math.max(1, counts.labelsInTest())));
      }
      List<String> more =
          rows.isEmpty() ? List.of() : List.copyOf(rows.get(rows.size() - 1).more().keySet());
      b.append("| method | test mAP | micro F1 | P@1 | gap recovered |");
      more.forEach(k -> b.append(' ').append(k).append(" |"));
      b.append(" selected on validation (per seed) |\n|---|---|---|---|---|");
      more.forEach(k -> b.append("---|"));
      b.append("---|\n");
      for (Row row : rows) {
        b.append("| ")
            .append(row.method().equals(Method.FULL) ? "full labels (upper bound)" : row.method())
            .append(" | ")
            .append(pm(row.map()))
            .append(" | ")
            .append(pm(row.microF1()))
            .append(" | ")
            .append(pm(row.p1()))
            .append(" | ")
            .append(pct(row.gapRecovered()))
            .append(" |");
        for (String k : more) {
          SeedStats v = row.more().get(k);
          b.append(' ').append(v == null || Double.isNaN(v.mean()) ? "n/a" : pm(v)).append(" |");
        }
        b.append(' ').append(String.join("; ", row.selected())).append(" |\n");
      }
      b.append('\n').append(target(rows)).append("\n\n");
    }
    b.append(protocol(r));
    return b.toString();
  }

  /**
   * The target: best method recovers >= 60 % of the gap and beats weighted by >= 3 mAP
   * points.
   */
  static String target(List<Row> rows) {
    Row best = best(rows);
    Row weighted =
        rows.stream().filter(x -> x.method().equals("weighted")).findFirst().orElse(null);
    if (best == null || weighted == null) {
      return "Target: not checkable (needs the best method and weighted).";
    }
    double over = 100 * (best.map().mean() - weighted.map().mean());
    boolean gapMet = best.gapRecovered() >= TARGET_GAP;
    boolean overMet = over >= TARGET_POINTS;
    return String.format(
        Locale.ROOT,
        "Best by mean test mAP: **%s** (%s mAP, %s of the gap; %+.2f mAP points over "
            + "weighted). Target (≥ 60 %% of the gap and ≥ +3 points over weighted): **%s**%s. Long-term aim (≥ 90 %% of "
            + "the gap): **%s**.",
        best.method(),
        pm(best.map()),
        pct(best.gapRecovered()),
        over,
        gapMet && overMet ? "met" : "not met",
        gapMet && overMet
            ? ""
            : " ("
                + (gapMet ? "" : "gap " + pct(best.gapRecovered()) + " < 60 %")
                + (!gapMet && !overMet ? "; " : "")
                + (overMet ? "" : String.format(Locale.ROOT, "%+.2f < +3 points", over))
                + ")",
        best.gapRecovered() >= LONG_TERM_GAP ? "met" : "not met");
  }

  private static String protocol(BenchReport r) {
    BenchConfig c = r.config();
    PretextBackbone.Report p = r.pretext();
    StringBuilder b = new StringBuilder("## Protocol\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "- Data: `%s` (%s), built once with `--observed full`; each regime's train and "
                + "validation labels are derived from the full ones per seed (`ObservedManifests`, same images for every "
                + "regime); test labels are always full. Labels are completed upward through the hierarchy "
                + "(emoji → subcategory → category) before training and scoring.%n",
            c.data(),
            r.data().get("images")));
    b.append(
        String.format(
            Locale.ROOT,
            "- Backbone: built-in ResNet `%s` (%d-d embedding), pretrained ONCE on a "
                + "disjoint pretext (`%s`) over the art of every second emoji in emoji.json sort order (%d classes, %d images "
                + "from the dataset's vendors; the other half of the emoji and all benchmark scenes never seen): %s; %d epochs "
                + "× %d per image, Adam lr %s; top-1 on fresh draws %.1f %%%s. Then frozen; every scene embedded once "
                + "(inference mode) and cached.%n",
            p.backbone().id(),
            p.backbone().embeddingDim(),
            p.pretext(),
            p.classes(),
            p.images(),
            "views".equals(p.pretext())
                ? "softmax classification of single emoji views (random background, scale 30-85 %, position, ±20° "
                    + "rotation, mirror)"
                : "fresh multi-emoji scenes (the dataset's renderer, 1-4 emoji) drawn from the pretext emoji only, "
                    + "multi-label",
            p.epochs(),
            p.views(),
            Candidate.num(p.lr()),
            100 * p.top1(),
            Double.isNaN(p.sceneMap())
                ? ""
                : String.format(
                    Locale.ROOT, ", held-out pretext-scene mAP %.1f %%", 100 * p.sceneMap())));
    b.append(
        String.format(
            Locale.ROOT,
            "- Heads: the tagger's linear head on the cached embeddings, %d epochs, batch "
                + "%d, Adam (weight decay %s, element-wise gradient clip 5), one warm-up epoch then cosine decay; no early "
                + "stopping, so every method gets the same budget. Same embeddings, epochs and seeds for every method; a seed "
                + "fixes the observed-label draw, the head initialisation and the batch order.%n",
            c.headEpochs(),
            c.batchSize(),
            Candidate.num(c.weightDecay())));
    b.append(
        String.format(
            Locale.ROOT,
            "- Selection: learning rate in {%s} × each method's parameter grid, scored by "
                + "macro mAP on the validation labels %s; the best point per seed is measured once on test. Micro F1 uses "
                + "per-label thresholds calibrated on the same validation labels (as `tagstream train` does)%s.%n",
            c.learningRates().stream().map(Candidate::num).collect(Collectors.joining(", ")),
            c.fullValidation()
                ? "with full labels (`--val-labels full`: a clean validation set)"
                : "as observed in the regime (partial, like production data; `--val-labels observed`)",
            c.fullValidation() ? "" : ", which under partial validation labels favours precision"));
    b.append("- Methods:\n");
    for (Method m : r.methods()) {
      b.append("  - `").append(m.name()).append("`: ").append(m.idea()).append('\n');
    }
    b.append(
        "- `st` (self-training) round one is the selection of the best other method on validation (same regime "
            + "and seed); its train-set probabilities give pseudo-positives: a positive label none of whose children is "
            + "positive gets its most probable child (down to an emoji; a scene tagged with a category shows some emoji "
            + "of it), and optionally any unknown label with probability ≥ tau; new positives are completed upward; then "
            + "a new head is trained from scratch with round one's loss on the enlarged labels. Grid: up to "
            + Methods.selfTrainingGrid().size()
            + " points (`Methods.selfTrainingGrid`; those reading the layouts need scenes.jsonl; each trial in "
            + "losses.json names its point) × learning rates.\n");
    return b.toString();
  }

  static String pm(SeedStats s) {
    return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * s.mean(), 100 * s.sd());
  }

  static String pct(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  /**
   * Test metrics beyond mAP, F1 and P@1 that every seed has (mAP over seen labels, per level), in
   * their order.
   */
  private static Map<String, SeedStats> more(List<CellResult> cell) {
    Map<String, SeedStats> m = new java.util.LinkedHashMap<>();
    for (String k : cell.get(0).test().keySet()) {
      if (!List.of(CellResult.MAP, CellResult.MICRO_F1, CellResult.P1).contains(k)
          && cell.stream().allMatch(o -> o.test().containsKey(k))) {
        m.put(k, stats(cell, k));
      }
    }
    return m;
  }

  private static SeedStats stats(List<CellResult> cell, String metric) {
    return SeedStats.of(cell.stream().map(o -> o.test().get(metric)).toList());
  }

  static Map<String, Row> byMethod(List<Row> rows) {
    Map<String, Row> m = new java.util.LinkedHashMap<>();
    rows.forEach(r -> m.put(r.method(), r));
    return m;
  }
}
