package dev.tagstream.ingest.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.contracts.ModelRelease;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A version's evaluation page, self-contained HTML without scripts: the release's gate metrics and
 * reason, and from its artifact the validation metrics, training summary, per-epoch history (with a
 * small inline chart) and how many thresholds are calibrated. Shown when the artifact carries no
 * report.html of its own (see {@code tagstream eval --report}).
 */
public final class ReleaseReport {
  /** An evaluation report written next to the artifact is shown instead of this summary. */
  public static final String ARTIFACT_REPORT = "report.html";

  private ReleaseReport() {}

  public static String render(ModelRelease r, boolean current, ArtifactFacts facts) {
    StringBuilder h =
        new StringBuilder("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>")
            .append(esc(r.getName() + " " + r.getVersion()))
            .append("</title><style>")
            .append(
                "body{font:14px/1.45 system-ui,sans-serif;margin:1.2em;color:#1d2330}table{border-collapse:collapse;"
                    + "margin:.4em 0 1em}td,th{padding:2px 10px;border-bottom:1px solid #e3e6ee;text-align:right}"
                    + "td:first-child,th:first-child{text-align:left}h1{font-size:1.3em}h2{font-size:1.05em;margin-top:1.2em}"
                    + ".muted{color:#5b6475}</style></head><body>");
    h.append("<h1>Model ")
        .append(esc(r.getName()))
        .append(' ')
        .append(esc(r.getVersion()))
        .append(" — ")
        .append(esc(r.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ')))
        .append(current ? " (current)" : "")
        .append("</h1><table>");
    row(h, "parent", r.getParent() == null ? "—" : r.getParent());
    row(h, "announced", r.getAnnouncedAt().toString());
    row(h, "reason", r.getReason());
    row(h, "label set", r.getLabelSetHash());
    row(h, "artifact", r.getArtifactUri());
    h.append("</table><h2>Gate metrics (held-out confirmed labels)</h2>");
    metrics(h, r.getMetrics());
    if (!facts.readable()) {
      h.append("<p class='muted'>").append(esc(facts.problem())).append("</p></body></html>\n");
      return h.toString();
    }
    JsonNode m = facts.model();
    h.append("<h2>Validation metrics (model.json)</h2>");
    metrics(h, m.path("metrics"));
    h.append("<h2>Training</h2><table>");
    row(h, "created", m.path("created").asText("—"));
    row(h, "backbone", m.path("backbone").path("id").asText(m.path("backbone").toString()));
    row(h, "loss", m.path("loss").toString());
    JsonNode t = m.path("training");
    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("history")) {
        row(
            h,
            e.getKey(),
            e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
    }
    h.append("</table>");
    history(h, t.path("history"));
    thresholds(h, facts.thresholds());
    return h.append("</body></html>\n").toString();
  }

  private static void history(StringBuilder h, JsonNode hist) {
    if (!hist.isArray() || hist.isEmpty()) {
      h.append("<p class='muted'>no per-epoch history in model.json</p>");
      return;
    }
    h.append("<h2>Per epoch</h2>").append(chart(hist));
    h.append("<table><tr><th>epoch</th><th>train loss</th><th>val loss</th><th>val mAP</th></tr>");
    for (JsonNode e : hist) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>",
              e.path("epoch").asInt(),
              e.path("trainLoss").asDouble(),
              e.path("valLoss").asDouble(),
              e.path("valMap").asDouble()));
    }
    h.append("</table>");
  }

  /** Validation mAP per epoch as one polyline, 0..1 on the y axis. */
  static String chart(JsonNode hist) {
    int w = 320;
    int hgt = 120;
    int n = hist.size();
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = 10 + (n == 1 ? 0 : (w - 20.0) * i / (n - 1));
      double y =
          hgt - 10 - (hgt - 20.0) * Math.max(0, Math.min(1, hist.get(i).path("valMap").asDouble()));
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    return String.format(
        Locale.ROOT,
        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' "
            + "aria-label='validation mAP per epoch'><rect x='10' y='10' width='%d' height='%d' fill='none' stroke='#c9cedb'/>"
            + "<polyline fill='none' stroke='#2f6fdb' stroke-width='2' points='%s'/>"
            + "<text x='12' y='22' font-size='10' fill='#5b6475'>val mAP (0..1)</text></svg>",
        w,
        hgt,
        w - 20,
        hgt - 20,
        pts.toString().trim());
  }

  private static void thresholds(StringBuilder h, ThresholdBook b) {
    float[] sorted = new float[b.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = (float) b.threshold(i);
    }
    Arrays.sort(sorted);
    h.append("<h2>Thresholds</h2><table>");
    row(h, "labels", Integer.toString(b.size()));
    row(h, "calibrated on their own positives", Integer.toString(b.size() - b.doubtful()));
    row(h, "shared fallback (or never reached)", Integer.toString(b.doubtful()));
    row(
        h,
        "fallback value",
        b.fallback() == null ? "—" : String.format(Locale.ROOT, "%.4f", b.fallback()));
    if (sorted.length > 0) {
      row(
          h,
          "min / median / max",
          String.format(
              Locale.ROOT,
              "%.4f / %.4f / %.4f",
              sorted[0],
              sorted[sorted.length / 2],
              sorted[sorted.length - 1]));
    }
    h.append("</table>");
  }

  private static void metrics(StringBuilder h, Map<String, Double> metrics) {
    if (metrics.isEmpty()) {
      h.append("<p class='muted'>none recorded</p>");
      return;
    }
    h.append("<table>");
    new java.util.TreeMap<>(metrics)
        .forEach((k, v) -> row(h, k, String.format(Locale.ROOT, "%.4f", v)));
    h.append("</table>");
  }

  private static void metrics(StringBuilder h, JsonNode metrics) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    metrics.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
    metrics(h, m);
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><td>")
        .append(esc(key))
        .append("</td><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
