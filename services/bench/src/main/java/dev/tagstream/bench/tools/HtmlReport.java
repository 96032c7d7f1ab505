package dev.tagstream.bench.tools;

import dev.tagstream.model.artifact.EpochRecord;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.loss.Losses;
import dev.tagstream.model.train.EvaluationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Self-contained HTML evaluation report: metrics, training curves, PR curves of best/worst labels,
 * per-label AP.
 */
final class HtmlReport {
  private static final String[] COLOURS = {
    "#1f77b4", "#2ca02c", "#17becf", "#d62728", "#ff7f0e", "#9467bd"
  };

  private HtmlReport() {}

  static void write(Path file, ModelArtifact a, EvaluationReport r) throws IOException {
    StringBuilder h =
        new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>tagstream eval ")
            .append(Svg.esc(a.info().version()))
            .append(
                "</title><style>body{font-family:sans-serif;margin:2em}"
                    + "td,th{padding:2px 8px;text-align:right}td:first-child{text-align:left}</style></head><body>");
    h.append("<h1>Model ")
        .append(Svg.esc(a.info().version()))
        .append("</h1><p>backbone ")
        .append(Svg.esc(a.info().backbone().id()))
        .append(", loss ")
        .append(Svg.esc(a.info().loss() == null ? "unknown" : Losses.describe(a.info().loss())))
        .append(", ")
        .append(r.images())
        .append(" test images, ")
        .append(r.labelsWithPositives())
        .append(" labels with a positive of ")
        .append(r.labels().size())
        .append("</p><table>");
    for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
      h.append(
          String.format(
              Locale.ROOT, "<tr><td>%s</td><td>%.4f</td></tr>", m.getKey(), m.getValue()));
    }
    h.append("</table><h2>Training curves</h2>")
        .append(
            trainingCurves(
                a.info().training() == null ? List.of() : a.info().training().history()));
    List<Integer> ranked =
        IntStream.range(0, r.labels().size())
            .filter(j -> r.positives()[j] > 0)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer j) -> -r.perLabelAp()[j]))
            .toList();
    List<Integer> chosen = new ArrayList<>(ranked.subList(0, Math.min(3, ranked.size())));
    for (int i = Math.max(3, ranked.size() - 3); i < ranked.size(); i++) {
      chosen.add(ranked.get(i));
    }
    List<Svg.Series> curves = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      int j = chosen.get(i);
      double[][] pr = prCurve(r, j);
      curves.add(
          new Svg.Series(
              String.format(Locale.ROOT, "%s AP %.3f", r.labels().get(j), r.perLabelAp()[j]),
              COLOURS[i % COLOURS.length],
              pr[0],
              pr[1]));
    }
    h.append("<h2>Precision-recall: best and worst labels</h2>")
        .append(Svg.chart("precision vs recall", "recall", 1, 1, curves));
    h.append("<h2>Per-label AP</h2><table><tr><th>label</th><th>positives</th><th>AP</th></tr>");
    for (int j : ranked) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%d</td><td>%.4f</td></tr>",
              Svg.esc(r.labels().get(j)),
              r.positives()[j],
              r.perLabelAp()[j]));
    }
    h.append("</table></body></html>\n");
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  private static String trainingCurves(List<EpochRecord> hist) {
    if (hist.isEmpty()) {
      return "<p>no training history in model.json</p>";
    }
    double[] x = hist.stream().mapToDouble(EpochRecord::epoch).toArray();
    double[] tl = hist.stream().mapToDouble(EpochRecord::trainLoss).toArray();
    double[] vl = hist.stream().mapToDouble(EpochRecord::valLoss).toArray();
    double[] map = hist.stream().mapToDouble(EpochRecord::valMap).toArray();
    double maxLoss = Math.max(max(tl), max(vl));
    return Svg.chart(
            "loss per epoch",
            "epoch",
            x[x.length - 1],
            maxLoss,
            List.of(
                new Svg.Series("train loss", COLOURS[0], x, tl),
                new Svg.Series("val loss", COLOURS[3], x, vl)))
        + Svg.chart(
            "validation mAP per epoch",
            "epoch",
            x[x.length - 1],
            Math.max(1e-9, max(map)),
            List.of(new Svg.Series("val mAP", COLOURS[1], x, map)));
  }

  /** {recall[], precision[]} at each distinct score threshold, highest first. */
  static double[][] prCurve(EvaluationReport r, int label) {
    int n = r.scores().length;
    Integer[] order =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -r.scores()[i][label]))
            .toArray(Integer[]::new);
    List<double[]> pts = new ArrayList<>();
    int tp = 0;
    for (int i = 0; i < n; i++) {
      tp += r.truth()[order[i]][label] ? 1 : 0;
      if (i + 1 == n || r.scores()[order[i + 1]][label] != r.scores()[order[i]][label]) {
        pts.add(new double[] {(double) tp / r.positives()[label], (double) tp / (i + 1)});
      }
    }
    return new double[][] {
      pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()
    };
  }

  private static double max(double[] v) {
    double m = 0;
    for (double d : v) {
      if (Double.isFinite(d)) {
        m = Math.max(m, d);
      }
    }
    return m;
  }
}
