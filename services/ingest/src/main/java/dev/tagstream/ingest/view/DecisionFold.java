package dev.tagstream.ingest.view;

import dev.tagstream.contracts.DecisionOrder;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds one image's {@code labels} confirmations into its direct decisions (no hierarchy: that is
 * the feedback service's job), so the review queue knows at once what people decided even while
 * label-state lags or the feedback service is down. Per label the newest confirmation wins ({@link
 * DecisionOrder}); a retraction leaves the label unknown but keeps its time. Pure.
 */
final class DecisionFold {
  private DecisionFold() {}

  static LabelState empty() {
    return LabelState.newBuilder().setId("").setUpdatedAt(Instant.EPOCH).build();
  }

  static LabelState apply(String id, LabelConfirmation c, LabelState before) {
    LabelState s = before == null ? empty() : before;
    long at = c.getConfirmedAt().toEpochMilli();
    if (!DecisionOrder.supersedes(at, s.getDecidedAt().get(c.getLabel()))) {
      return s; // an older decision arriving late
    }
    List<String> pos = new ArrayList<>(s.getPositives());
    List<String> neg = new ArrayList<>(s.getNegatives());
    pos.remove(c.getLabel());
    neg.remove(c.getLabel());
    if (c.getState() == LabelDecision.POSITIVE) {
      pos.add(c.getLabel());
    } else if (c.getState() == LabelDecision.NEGATIVE) {
      neg.add(c.getLabel());
    }
    Map<String, Long> decidedAt = new HashMap<>(s.getDecidedAt());
    decidedAt.put(c.getLabel(), at);
    Instant updated =
        s.getUpdatedAt().isAfter(c.getConfirmedAt()) ? s.getUpdatedAt() : c.getConfirmedAt();
    return LabelState.newBuilder(s)
        .setId(id)
        .setPositives(pos)
        .setNegatives(neg)
        .setDecidedAt(decidedAt)
        .setConfirmations(s.getConfirmations() + 1)
        .setUpdatedAt(updated)
        .build();
  }
}
