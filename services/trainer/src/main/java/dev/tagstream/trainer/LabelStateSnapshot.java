package dev.tagstream.trainer;

import dev.tagstream.contracts.LabelState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compacted label-state topic folded into memory (image id -> newest state; a tombstone
 * deletes), plus the count of confirmations that arrived since the last training was taken.
 * Thread-safe: the follower writes, the training takes copies.
 */
final class LabelStateSnapshot {
  /** An immutable copy of the states (sorted by id) and the evidence it consumed. */
  record Taken(List<LabelState> states, long newConfirmations) {
    Taken {
      states = List.copyOf(states);
    }
  }

  private final Map<String, LabelState> byId = new HashMap<>();
  private long newConfirmations;

  /**
   * Folds one record in. New evidence is the rise of the image's {@code confirmations} count; a
   * state that changed its labels without a rise (a producer that does not count) still counts as
   * one; a first state without any label (an image that was only submitted) counts as none.
   */
  synchronized void apply(String id, LabelState state) {
    if (state == null) {
      byId.remove(id);
      return;
    }
    LabelState old = byId.put(id, state);
    long before = old == null ? 0 : old.getConfirmations();
    long rise = state.getConfirmations() - before;
    if (rise > 0) {
      newConfirmations += rise;
    } else if (old == null ? hasLabels(state) : !sameLabels(old, state)) {
      newConfirmations += 1;
    }
  }

  /** An image nobody has labelled (only scored) is no evidence for training. */
  private static boolean hasLabels(LabelState s) {
    return !s.getPositives().isEmpty() || !s.getNegatives().isEmpty();
  }

  private static boolean sameLabels(LabelState a, LabelState b) {
    return List.copyOf(a.getPositives()).equals(List.copyOf(b.getPositives()))
        && List.copyOf(a.getNegatives()).equals(List.copyOf(b.getNegatives()));
  }

  /**
   * After catching up at start: the backlog counts as new evidence only for images updated after
   * the current model was announced (all their confirmations, since the state does not say which
   * came later), so a restart does not retrain on evidence the current model already saw. With no
   * current model the backlog is all new.
   */
  synchronized void rebaseline(Instant currentModelAnnouncedAt) {
    long n = 0;
    for (LabelState s : byId.values()) {
      if (s.getUpdatedAt().isAfter(currentModelAnnouncedAt)
          && (hasLabels(s) || s.getConfirmations() > 0)) {
        n += Math.max(1, s.getConfirmations());
      }
    }
    newConfirmations = n;
  }

  synchronized long newConfirmations() {
    return newConfirmations;
  }

  synchronized int size() {
    return byId.size();
  }

  /** Copies the states for a training and starts counting new evidence from zero. */
  synchronized Taken take() {
    List<LabelState> states = new ArrayList<>(byId.values());
    states.sort((a, b) -> a.getId().compareTo(b.getId()));
    Taken t = new Taken(states, newConfirmations);
    newConfirmations = 0;
    return t;
  }

  /** A failed training gives its evidence back, so a later attempt still sees it. */
  synchronized void giveBack(long confirmations) {
    newConfirmations += confirmations;
  }
}
