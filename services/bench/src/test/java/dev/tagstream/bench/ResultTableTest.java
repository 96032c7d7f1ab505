package dev.tagstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.loss.LossSpec;
import dev.tagstream.model.metrics.ObservedCounts;
import dev.tagstream.model.nn.BackboneSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  static final BenchConfig CFG =
      new BenchConfig(
          Path.of("data"),
          Path.of("out"),
          Path.of("work"),
          List.of(1L, 2L),
          List.of("single"),
          List.of("full", "an", "weighted", "st"),
          List.of(0.01, 0.03),
          15,
          64,
          1e-4,
          BackboneSpec.resnet(64, 32, 1, 4),
          6,
          4,
          0.003,
          null,
          Path.of("cache"),
          false,
          null);

  static BenchReport report(double stMap1, double stMap2) {
    List<CellResult> o = new ArrayList<>();
    o.add(outcome("full", "full", 1, 0.12));
    o.add(outcome("full", "full", 2, 0.14));
    o.add(outcome("single", "an", 1, 0.05));
    o.add(outcome("single", "an", 2, 0.07));
    o.add(outcome("single", "weighted", 1, 0.06));
    o.add(outcome("single", "weighted", 2, 0.06));
    o.add(outcome("single", "st", 1, stMap1));
    o.add(outcome("single", "st", 2, stMap2));
    return new BenchReport(
        "tagstream bench losses --data data",
        CFG,
        Map.of("images", Map.of("train", 10)),
        new PretextBackbone.Report(
            CFG.backbone(), "views", 956, 1912, 6, 4, 0.003, 7, 0.5, Double.NaN, 10),
        Methods.select(CFG.methods(), 2020),
        o,
        List.of(),
        Map.of(
            "single",
            ObservedCounts.of(
                new float[][] {{1, 0, 0}, {1, 1, 0}}, new boolean[][] {{true, false, true}})),
        42);
  }

  static CellResult outcome(String regime, String method, long seed, double map) {
    return new CellResult(
        regime,
        method,
        seed,
        new Candidate(method, LossSpec.of("an"), 0.01),
        map,
        Map.of(CellResult.MAP, map, CellResult.MICRO_F1, 0.2, CellResult.P1, 0.5),
        2,
        1.0);
  }

  @Test
  void aPretrainArtifactsMetricsGiveBackTheReport() {
    PretextBackbone.Report r =
        new PretextBackbone.Report(
            CFG.backbone(), "views", 956, 1912, 20, 8, 0.003, 7, 0.61, Double.NaN, 1500.5);
    org.junit.jupiter.api.Assertions.assertEquals(
        r, PretextBackbone.Report.fromMetrics(CFG.backbone(), r.metrics()));
    Map<String, Double> partial = new java.util.HashMap<>(r.metrics());
    partial.remove("pretext_views");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> PretextBackbone.Report.fromMetrics(CFG.backbone(), partial));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("metrics lack pretext_views"), e.getMessage());
  }

  @Test
  void rowsCarryMeansSpreadsAndGapRecoveryAgainstTheSameRegimesAn() {
    Map<String, ResultTable.Row> rows =
        ResultTable.byMethod(ResultTable.rows(report(0.10, 0.12), "single"));
    assertEquals(List.of("full", "an", "weighted", "st"), List.copyOf(rows.keySet()));
    assertEquals(0.13, rows.get("full").map().mean(), 1e-12);
    assertEquals(1.0, rows.get("full").gapRecovered(), 1e-12);
    assertEquals(0.0, rows.get("an").gapRecovered(), 1e-12);
    assertEquals(0.0, rows.get("weighted").gapRecovered(), 1e-12);
    assertEquals(5.0 / 7.0, rows.get("st").gapRecovered(), 1e-12);
    assertEquals("st", ResultTable.best(ResultTable.rows(report(0.10, 0.12), "single")).method());
  }

  @Test
  void markdownStartsWithTheExactCommandAndRendersPercentRows() {
    String md = ResultTable.markdown(report(0.10, 0.12));
    assertTrue(
        md.startsWith(
            "# Partial-label losses on EmojiScenes\n\nCommand:\n\n```\ntagstream bench losses --data data\n```\n"));
    assertTrue(
        md.contains(
            "| full labels (upper bound) | 13.00 ± 1.41 | 20.00 ± 0.00 | 50.00 ± 0.00 | 100 % | lr=0.01 loss=an; lr=0.01 loss=an |\n"),
        md);
    assertTrue(md.contains("| st | 11.00 ± 1.41 | 20.00 ± 0.00 | 50.00 ± 0.00 | 71 % |"), md);
    // one label of the two in test was seen positive once; the other (index 2) never
    assertTrue(
        md.contains(
            "Observed training positives per label, over the 2 labels that occur in test (first seed): "
                + "0: 1, 1-2: 1, 3-9: 0, 10+: 0. Seen positive at least once: 1 (50 %).\n"),
        md);
  }

  @Test
  void targetNeedsSixtyPercentOfTheGapAndThreePointsOverWeighted() {
    assertEquals(
        "Best by mean test mAP: **st** (11.00 ± 1.41 mAP, 71 % of the gap; +5.00 mAP points over weighted). "
            + "Target (≥ 60 % of the gap and ≥ +3 points over weighted): **met**. Long-term aim (≥ 90 % of the gap): "
            + "**not met**.",
        ResultTable.target(ResultTable.rows(report(0.10, 0.12), "single")));
    assertEquals(
        "Best by mean test mAP: **st** (12.50 ± 0.71 mAP, 93 % of the gap; +6.50 mAP points over weighted). "
            + "Target (≥ 60 % of the gap and ≥ +3 points over weighted): **met**. Long-term aim (≥ 90 % of the gap): "
            + "**met**.",
        ResultTable.target(ResultTable.rows(report(0.12, 0.13), "single")));
    assertEquals(
        "Best by mean test mAP: **st** (7.00 ± 0.00 mAP, 14 % of the gap; +1.00 mAP points over weighted). "
            + "Target (≥ 60 % of the gap and ≥ +3 points over weighted): **not met** (gap 14 % < 60 %; +1.00 < +3 points). "
            + "Long-term aim (≥ 90 % of the gap): **not met**.",
        ResultTable.target(ResultTable.rows(report(0.07, 0.07), "single")));
  }
}
