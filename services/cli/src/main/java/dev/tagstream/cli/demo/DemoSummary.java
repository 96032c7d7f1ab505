package dev.tagstream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.model.metrics.ObservedCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's closing table (one row per model version) and its HTML report. */
final class DemoSummary {
  private final Map<String, ModelRelease> releases = new LinkedHashMap<>();
  private final Map<String, JsonNode> evaluations = new HashMap<>();
  private final Map<String, Double> throughput = new HashMap<>();
  private final Map<String, Integer> reviewed = new HashMap<>();
  private Map<String, Map<String, Double>> online = Map.of();
  private final List<String> notes = new ArrayList<>();
  private int failures;
  private ObservedCounts counts;
  private String loss = "";

  /** The bootstrap's observed positives per label and the training loss in words. */
  void bootstrap(ObservedCounts observed, String lossInWords) {
    counts = observed;
    loss = lossInWords;
  }

  String loss() {
    return loss;
  }

  void release(ModelRelease r, JsonNode evaluation) {
    releases.put(r.getVersion(), r);
    evaluations.put(r.getVersion(), evaluation);
  }

  void throughput(String version, double imagesPerSecond) {
    throughput.put(version, imagesPerSecond);
  }

  void reviewed(String version, int decisions) {
    reviewed.merge(version, decisions, Integer::sum);
  }

  void onlineQuality(Map<String, Map<String, Double>> byVersion) {
    online = byVersion;
  }

  void failures(int n) {
    failures = n;
  }

  void note(String text) {
    notes.add(text);
  }

  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "version",
            "status",
            "held-out mAP (gate)",
            "test mAP",
            "test P@1",
            "test mAP category / subcategory / emoji",
            "test micro F1",
            "online precision",
            "online recall",
            "reviewed",
            "images/s end to end"));
    for (ModelRelease r : releases.values()) {
      String v = r.getVersion();
      JsonNode m = evaluations.get(v).path("metrics");
      Map<String, Double> q = online.getOrDefault(v, Map.of());
      rows.add(
          List.of(
              v,
              r.getStatus().toString(),
              num(r.getMetrics().get("mAP")),
              num(m.path("mAP").asDouble(Double.NaN)),
              num(m.path("P@1").asDouble(Double.NaN)),
              levels(m),
              num(m.path("microF1").asDouble(Double.NaN)),
              num(q.get("precision")),
              num(q.get("recall")),
              reviewed.containsKey(v) ? reviewed.get(v) + " decisions" : "-",
              throughput.containsKey(v)
                  ? String.format(Locale.ROOT, "%.1f", throughput.get(v))
                  : "-"));
    }
    return rows;
  }

  /**
   * "0.612 / 0.301 / 0.094": test mAP per hierarchy level, in the vocabulary's level order; "-"
   * without levels.
   */
  private static String levels(JsonNode metrics) {
    List<String> parts = new ArrayList<>();
    metrics
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (k.startsWith("mAP ")) {
                parts.add(num(metrics.get(k).asDouble()));
              }
            });
    return parts.isEmpty() ? "-" : String.join(" / ", parts);
  }

  /** Lines above the table: what the first model learned from and with. */
  List<String> header() {
    List<String> h = new ArrayList<>();
    if (!loss.isEmpty()) {
      h.add("loss: " + loss);
    }
    if (counts != null) {
      h.add(
          "observed positives per label in the bootstrap, over the "
              + counts.labelsInTest()
              + " labels in the test"
              + " set: "
              + counts.describe()
              + " ("
              + counts.seenInTest()
              + " seen positive at least once)");
    }
    return h;
  }

  String table() {
    StringBuilder b = new StringBuilder("\n");
    header().forEach(l -> b.append(l).append("\n\n"));
    List<List<String>> rows = rows();
    for (int i = 0; i < rows.size(); i++) {
      b.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        b.append("|").append("---|".repeat(rows.get(0).size())).append("\n");
      }
    }
    notes.forEach(n -> b.append("\n").append(n).append("\n"));
    b.append("\ndead letters: ").append(failures).append("\n");
    return b.toString();
  }

  Path writeHtml(Path file) {
    StringBuilder h =
        new StringBuilder(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>tagstream demo</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:right}th{background:#eee}</style></head><body><h1>tagstream demo</h1>");
    header().forEach(l -> h.append("<p>").append(escape(l)).append("</p>"));
    h.append("<table>");
    List<List<String>> rows = rows();
    for (int i = 0; i < rows.size(); i++) {
      h.append("<tr>");
      for (String c : rows.get(i)) {
        h.append(i == 0 ? "<th>" : "<td>").append(escape(c)).append(i == 0 ? "</th>" : "</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    notes.forEach(n -> h.append("<p>").append(escape(n)).append("</p>"));
    h.append("<p>Dead letters: ").append(failures).append("</p><h2>Evaluation reports</h2><ul>");
    for (String v : releases.keySet()) {
      h.append("<li><a href=\"reports/")
          .append(v)
          .append(".html\">")
          .append(v)
          .append("</a> (")
          .append(escape(releases.get(v).getReason()))
          .append(")</li>");
    }
    h.append("</ul></body></html>\n");
    try {
      Files.writeString(file, h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static String num(Double d) {
    return d == null || d.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", d);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
