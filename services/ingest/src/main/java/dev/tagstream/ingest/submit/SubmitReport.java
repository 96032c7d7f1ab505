package dev.tagstream.ingest.submit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Tallies outcomes and prints the summary: counts, then each rejected or failed item with its
 * reasons.
 */
final class SubmitReport {
  static final int MAX_LISTED = 100;

  private final long total;
  private long accepted;
  private final List<String> rejected = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();

  SubmitReport(long total) {
    this.total = total;
  }

  void add(SubmitItem item, ItemResult o) {
    String line =
        item.origin() + (item.id() == null ? "" : " (id '" + item.id() + "')") + ": " + o.detail();
    switch (o.kind()) {
      case ACCEPTED -> accepted++;
      case REJECTED -> rejected.add(line);
      case FAILED -> failed.add(line);
    }
  }

  long done() {
    return accepted + rejected.size() + failed.size();
  }

  long accepted() {
    return accepted;
  }

  long rejected() {
    return rejected.size() + failed.size();
  }

  boolean allAccepted() {
    return accepted == total;
  }

  void print(PrintStream out, String what, String url, double seconds) {
    out.printf(
        "submitted %d item(s) from %s to %s in %.1f s: %d accepted, %d rejected, %d not stored%n",
        total, what, url, seconds, accepted, rejected.size(), failed.size());
    list(out, "rejected (fix these and submit again):", rejected);
    list(
        out,
        "not stored (run the same command again; accepted ids are keyed identically, so nothing doubles):",
        failed);
  }

  private static void list(PrintStream out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.println(title);
    lines.stream().limit(MAX_LISTED).forEach(l -> out.println("  " + l));
    if (lines.size() > MAX_LISTED) {
      out.println("  ... and " + (lines.size() - MAX_LISTED) + " more");
    }
  }
}
