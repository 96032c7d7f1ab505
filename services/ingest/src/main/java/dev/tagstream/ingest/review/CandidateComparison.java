package dev.tagstream.ingest.review;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models page's side-by-side view of the newest shadowed candidate against the model in
 * service: offline (held-out mAP, measured by the trainer on the same images) and online
 * (precision, recall and F1 over the confirmations that judged both models' shadow-sampled
 * predictions). The online figures arrive with the trainer's verdict; an open CANDIDATE shows them
 * as pending (null).
 */
public record CandidateComparison(
    String name, String candidate, String status, String current, Double judged, List<Row> rows) {

  /** One metric for both models; null where not measured (yet). */
  public record Row(String metric, Double candidate, Double current) {}

  // the release metric of the candidate and of the current model, for each shown row
  private static final String[][] ROWS = {
    {"held-out mAP", "mAP", "current.mAP"},
    {"online precision", "shadow.candidate.precision", "shadow.current.precision"},
    {"online recall", "shadow.candidate.recall", "shadow.current.recall"},
    {"online F1", "shadow.candidate.f1", "shadow.current.f1"}
  };

  public CandidateComparison {
    rows = List.copyOf(rows);
  }

  /**
   * The newest release that is an open CANDIDATE or carries a shadow verdict ({@code
   * shadow.judged}), compared with the model it was measured against: the current one while open,
   * its predecessor in service once decided (named when the page still knows it).
   */
  public static Optional<CandidateComparison> of(ReleaseList releases) {
    for (ModelRelease r : releases.newestFirst()) {
      boolean open = r.getStatus() == ReleaseStatus.CANDIDATE;
      if (!open && !r.getMetrics().containsKey("shadow.judged")) {
        continue;
      }
      String against =
          releases
              .current(r.getName())
              .filter(c -> !c.getVersion().equals(r.getVersion()))
              .map(ModelRelease::getVersion)
              .orElse(r.getParent());
      return Optional.of(
          new CandidateComparison(
              r.getName(),
              r.getVersion(),
              r.getStatus().name().toLowerCase(java.util.Locale.ROOT),
              against,
              r.getMetrics().get("shadow.judged"),
              rows(r.getMetrics())));
    }
    return Optional.empty();
  }

  static List<Row> rows(Map<String, Double> m) {
    List<Row> out = new ArrayList<>();
    for (String[] row : ROWS) {
      out.add(new Row(row[0], m.get(row[1]), m.get(row[2])));
    }
    return out;
  }
}
