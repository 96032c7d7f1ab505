package dev.tagstream.ingest.review;

import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.core.quality.Outcome;
import dev.tagstream.core.quality.Tally;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every label's figures over the view, folded in one pass (pure; the view feeds it):
 *
 * <ul>
 *   <li>observed counts from {@code label-state}, the training set as the feedback service folded
 *       it (hierarchy-completed positives and negatives);
 *   <li>online quality per model version: each image's latest prediction judged by the direct
 *       decisions made on it at or after it was scored, with the judging rule of {@link Outcome}.
 * </ul>
 *
 * The online figures cover only the latest prediction of each image (an image scored again by a
 * newer version counts for that version from then on), and judge it by the newest decision per
 * label, where feedback's meters keep the first decision after each prediction. They survive
 * restarts, because they are recomputed from the log; the meters count since the process started.
 */
public final class LabelFigures {
  /** One label: observed positives and negatives, and per model version its judged cases. */
  public record Figures(long positives, long negatives, Map<String, Tally> online) {
    static final Figures NONE = new Figures(0, 0, Map.of());
  }

  private final Map<String, long[]> observed = new HashMap<>();
  private final Map<String, Map<String, Tally>> online = new HashMap<>();
  private long images;

  /** Counts one image's label state. */
  public void addState(LabelState s) {
    images++;
    for (String p : new HashSet<>(s.getPositives())) {
      observed.computeIfAbsent(p, k -> new long[2])[0]++;
    }
    for (String n : new HashSet<>(s.getNegatives())) {
      observed.computeIfAbsent(n, k -> new long[2])[1]++;
    }
  }

  /**
   * Judges one image's latest prediction (may be null: nothing to judge) by its direct decisions: a
   * label decided positive or negative at or after the prediction's scoredAt. A retracted label is
   * neither, so it judges nothing.
   */
  public void addDecided(LabelState direct, Prediction latest) {
    if (latest == null) {
      return;
    }
    long scoredAt = latest.getScoredAt().toEpochMilli();
    Set<String> predicted = new HashSet<>();
    for (LabelScore s : latest.getLabels()) {
      predicted.add(s.getLabel());
    }
    judge(direct.getPositives(), true, direct, scoredAt, predicted, latest.getModelVersion());
    judge(direct.getNegatives(), false, direct, scoredAt, predicted, latest.getModelVersion());
  }

  private void judge(
      Iterable<String> labels,
      boolean positive,
      LabelState direct,
      long scoredAt,
      Set<String> predicted,
      String version) {
    for (String label : labels) {
      Long at = direct.getDecidedAt().get(label);
      if (at == null || at < scoredAt) {
        continue; // decided before the model saw the image: not a judgement of its prediction
      }
      Outcome o =
          Outcome.of(
                  predicted.contains(label),
                  positive ? LabelDecision.POSITIVE : LabelDecision.NEGATIVE)
              .orElseThrow();
      online
          .computeIfAbsent(label, k -> new HashMap<>())
          .compute(version, (v, t) -> (t == null ? Tally.EMPTY : t).plus(o));
    }
  }

  /** How many label states were counted. */
  public long images() {
    return images;
  }

  /** The figures of one label (zeros when nothing was seen of it). */
  public Figures of(String label) {
    long[] o = observed.get(label);
    Map<String, Tally> q = online.get(label);
    if (o == null && q == null) {
      return Figures.NONE;
    }
    return new Figures(
        o == null ? 0 : o[0],
        o == null ? 0 : o[1],
        q == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(q)));
  }

  /** Every label with an observed positive or negative, or a judged prediction. */
  public Set<String> labels() {
    Set<String> all = new HashSet<>(observed.keySet());
    all.addAll(online.keySet());
    return all;
  }
}
