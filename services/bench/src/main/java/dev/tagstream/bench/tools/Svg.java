package dev.tagstream.bench.tools;

import java.util.List;
import java.util.Locale;

/** Tiny inline-SVG line charts for the HTML report (no server, no scripts). */
final class Svg {
  record Series(String name, String colour, double[] x, double[] y) {}

  private static final int W = 360;
  private static final int H = 220;
  private static final int PAD = 34;

  private Svg() {}

  static String chart(String title, String xLabel, double xMax, double yMax, List<Series> series) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'>", W, H));
    sb.append(
        String.format(
            Locale.ROOT, "<text x='%d' y='14' font-size='12'>%s</text>", PAD, esc(title)));
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>",
            PAD,
            20,
            W - 2 * PAD,
            H - 20 - PAD));
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x='%d' y='%d' font-size='10'>%s (0..%.3g)</text>",
            PAD,
            H - 8,
            esc(xLabel),
            xMax));
    sb.append(String.format(Locale.ROOT, "<text x='2' y='30' font-size='10'>%.3g</text>", yMax));
    int legendY = 34;
    for (Series s : series) {
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        pts.append(
            String.format(Locale.ROOT, "%.1f,%.1f ", px(s.x()[i], xMax), py(s.y()[i], yMax)));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>",
              s.colour(),
              pts.toString().trim()));
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x='%d' y='%d' font-size='10' fill='%s'>%s</text>",
              W - PAD - 120,
              legendY,
              s.colour(),
              esc(s.name())));
      legendY += 12;
    }
    return sb.append("</svg>").toString();
  }

  private static double px(double x, double xMax) {
    return PAD + (W - 2 * PAD) * (xMax > 0 ? x / xMax : 0);
  }

  private static double py(double y, double yMax) {
    double inner = H - 20 - PAD;
    return 20 + inner - inner * (yMax > 0 ? Math.max(0, Math.min(y, yMax)) / yMax : 0);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
