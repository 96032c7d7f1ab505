package dev.tagstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tagstream.model.metrics.ObservedCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a BenchReport as JSON: the command, configuration, per-regime rows, every outcome and
 * every grid trial.
 */
final class ResultJson {
  private ResultJson() {}

  static Map<String, Object> tree(BenchReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", r.command());
    BenchConfig c = r.config();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("seeds", c.seeds());
    cfg.put("regimes", c.regimes());
    cfg.put("learningRates", c.learningRates());
    cfg.put("headEpochs", c.headEpochs());
    cfg.put("batchSize", c.batchSize());
    cfg.put("weightDecay", c.weightDecay());
    cfg.put("backbone", c.backbone().id());
    cfg.put("embeddingDim", c.backbone().embeddingDim());
    cfg.put("pretextEpochs", c.pretextEpochs());
    cfg.put("pretextViews", c.pretextViews());
    cfg.put("pretextLr", c.pretextLr());
    m.put("config", cfg);
    m.put("data", r.data());
    m.put("pretext", r.pretext());
    m.put("seconds", r.seconds());
    Map<String, Object> regimes = new LinkedHashMap<>();
    for (String regime : c.regimes()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ResultTable.Row row : ResultTable.rows(r, regime)) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("method", row.method());
        x.put("mAP", row.map());
        x.put("microF1", row.microF1());
        x.put("P@1", row.p1());
        x.put("gapRecovered", Double.isNaN(row.gapRecovered()) ? null : row.gapRecovered());
        Map<String, Object> more = new LinkedHashMap<>();
        row.more().forEach((k, v) -> more.put(k, Double.isNaN(v.mean()) ? null : v));
        x.put("more", more);
        x.put("selected", row.selected());
        rows.add(x);
      }
      Map<String, Object> reg = new LinkedHashMap<>();
      ObservedCounts counts = r.observed().get(regime);
      if (counts != null) {
        Map<String, Object> oc = new LinkedHashMap<>();
        oc.put("labelsInTest", counts.labelsInTest());
        oc.put("seenInTest", counts.seenInTest());
        oc.put("histogram", counts.histogram());
        reg.put("observedPositives", oc);
      }
      reg.put("rows", rows);
      reg.put("target", ResultTable.target(ResultTable.rows(r, regime)));
      ResultTable.Row best = ResultTable.best(ResultTable.rows(r, regime));
      reg.put("best", best == null ? null : best.method());
      regimes.put(regime, reg);
    }
    m.put("regimes", regimes);
    List<Map<String, Object>> outcomes = new ArrayList<>();
    for (CellResult o : r.outcomes()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("regime", o.regime());
      x.put("method", o.method());
      x.put("seed", o.seed());
      x.put("selected", o.selected().describe());
      x.put("valMAP", o.valScore());
      x.put("test", o.test());
      x.put("gridSize", o.gridSize());
      x.put("seconds", o.seconds());
      outcomes.add(x);
    }
    m.put("outcomes", outcomes);
    List<Map<String, Object>> trials = new ArrayList<>();
    for (BenchReport.TrialLog t : r.trials()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("regime", t.regime());
      x.put("method", t.method());
      x.put("seed", t.seed());
      x.put("candidate", t.candidate());
      x.put("valMAP", Double.isNaN(t.valScore()) ? null : t.valScore());
      x.put("retries", t.retries());
      trials.add(x);
    }
    m.put("trials", trials);
    return m;
  }

  static void write(BenchReport r, Path file) {
    try {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(file.toFile(), tree(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
