package dev.tagstream.ingest.review;

import dev.tagstream.contracts.LabelState;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The labels already decided for one image: confirmed present and confirmed absent. */
public record KnownLabels(Set<String> positives, Set<String> negatives) {
  public static final KnownLabels NONE = new KnownLabels(Set.of(), Set.of());

  public KnownLabels {
    positives = Set.copyOf(positives);
    negatives = Set.copyOf(negatives);
  }

  /**
   * Merges the feedback service's label state (hierarchy-completed, possibly behind) with the
   * view's own fold of {@code labels} (direct decisions, current): a label decided directly takes
   * its direct state, retracted ones included, whatever the label state still says.
   */
  public static KnownLabels merge(LabelState folded, LabelState direct) {
    Set<String> pos = new LinkedHashSet<>();
    Set<String> neg = new LinkedHashSet<>();
    if (folded != null) {
      pos.addAll(folded.getPositives());
      neg.addAll(folded.getNegatives());
    }
    if (direct != null) {
      Map<String, Long> touched = direct.getDecidedAt();
      pos.removeAll(touched.keySet());
      neg.removeAll(touched.keySet());
      pos.addAll(direct.getPositives());
      neg.addAll(direct.getNegatives());
    }
    return new KnownLabels(pos, neg);
  }

  /** "positive", "negative" or null when unknown. */
  public String decision(String label) {
    return positives.contains(label) ? "positive" : negatives.contains(label) ? "negative" : null;
  }
}
