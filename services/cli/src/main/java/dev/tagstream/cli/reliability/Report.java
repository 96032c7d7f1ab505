package dev.tagstream.cli.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run's table: one row per figure or check, with what was expected and whether it held. */
final class Report {
  record Row(String section, String check, String expected, String observed, boolean ok) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(
      String section, String check, String expected, String observed, boolean ok) {
    rows.add(new Row(section, check, expected, observed, ok));
  }

  /** A figure that must equal {@code expected}. */
  void exact(String section, String check, long expected, long observed) {
    add(
        section,
        check,
        Long.toString(expected),
        String.format(Locale.ROOT, "%,d", observed),
        expected == observed);
  }

  /** A figure reported for information (no expectation). */
  void figure(String section, String check, String observed) {
    add(section, check, "", observed, true);
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized long failures() {
    return rows.stream().filter(r -> !r.ok()).count();
  }

  synchronized String markdown() {
    StringBuilder b =
        new StringBuilder(
            "| section | check | expected | observed | ok |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append("| ")
          .append(r.section())
          .append(" | ")
          .append(cell(r.check()))
          .append(" | ")
          .append(cell(r.expected()))
          .append(" | ")
          .append(cell(r.observed()))
          .append(" | ")
          .append(r.ok() ? "yes" : "**NO**")
          .append(" |\n");
    }
    b.append(String.format(Locale.ROOT, "%n%d checks, %d failed%n", rows.size(), failures()));
    return b.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
