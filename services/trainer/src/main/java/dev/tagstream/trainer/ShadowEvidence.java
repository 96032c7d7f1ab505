package dev.tagstream.trainer;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.core.quality.JudgedPrediction;
import dev.tagstream.core.quality.Outcome;
import dev.tagstream.core.quality.Tally;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What live traffic says about one candidate against the served model, on the same images: the
 * served predictions, the candidate's shadow predictions and the confirmations of each image,
 * replayed in time order through the shared judging rule ({@link JudgedPrediction}). A confirmation
 * counts only when it judges both the served and the candidate prediction of its image, so both
 * tallies are over the same image-label pairs. Replaying by record time makes the result
 * independent of the order the three topics were read in, so a restarted trainer that reads them
 * again reaches the same figures. Not thread-safe: the trainer's loop thread owns it.
 */
final class ShadowEvidence {
  /** Both tallies over the same judged pairs; {@code judged} = candidate.judged() = served's. */
  record Comparison(Tally candidate, Tally served) {
    long judged() {
      return candidate.judged();
    }
  }

  private enum Kind {
    SERVED,
    SHADOW,
    CONFIRMATION
  }

  // order within one timestamp: predictions before the confirmations that judge them. Only what
  // judging needs is kept (labels, not probabilities or embeddings): the window may be long.
  private record Event(
      long at, Kind kind, JudgedPrediction prediction, String label, LabelDecision state) {}

  private final String candidateVersion;
  private final Predicate<String> known;
  private final Map<String, List<Event>> byImage = new HashMap<>();

  /**
   * @param known labels the candidate can predict; others judge nothing (as in feedback)
   */
  ShadowEvidence(String candidateVersion, Predicate<String> known) {
    this.candidateVersion = candidateVersion;
    this.known = known;
  }

  String candidateVersion() {
    return candidateVersion;
  }

  void served(Prediction p, long at) {
    add(p.getId().toString(), new Event(at, Kind.SERVED, JudgedPrediction.of(p), null, null));
  }

  /** A shadow prediction; another version's (an older candidate's) is ignored. */
  void shadow(Prediction p, long at) {
    if (candidateVersion.equals(p.getModelVersion().toString())) {
      add(p.getId().toString(), new Event(at, Kind.SHADOW, JudgedPrediction.of(p), null, null));
    }
  }

  void confirmation(LabelConfirmation c, long at) {
    add(
        c.getId().toString(),
        new Event(at, Kind.CONFIRMATION, null, c.getLabel().toString(), c.getState()));
  }

  private void add(String image, Event e) {
    byImage.computeIfAbsent(image, k -> new ArrayList<>()).add(e);
  }

  /** Replays every image's events by (time, kind) and tallies the pairs both models had judged. */
  Comparison compare() {
    Tally candidate = Tally.EMPTY;
    Tally served = Tally.EMPTY;
    Comparator<Event> order =
        Comparator.comparingLong(Event::at).thenComparing(Event::kind, Comparator.naturalOrder());
    for (List<Event> events : byImage.values()) {
      if (events.stream().noneMatch(e -> e.kind() == Kind.SHADOW)) {
        continue; // not in the shadow sample: nothing to compare
      }
      JudgedPrediction s = null;
      JudgedPrediction c = null;
      for (Event e : events.stream().sorted(order).toList()) {
        switch (e.kind()) {
          case SERVED -> s = e.prediction();
          case SHADOW -> c = e.prediction();
          case CONFIRMATION -> {
            String label = e.label();
            if (s == null || c == null || !known.test(label)) {
              continue;
            }
            JudgedPrediction.Verdict vs = s.judge(label, e.state());
            JudgedPrediction.Verdict vc = c.judge(label, e.state());
            s = vs.next();
            c = vc.next();
            Optional<Outcome> os = vs.outcome();
            Optional<Outcome> oc = vc.outcome();
            if (os.isPresent() && oc.isPresent()) {
              served = served.plus(os.get());
              candidate = candidate.plus(oc.get());
            }
          }
        }
      }
    }
    return new Comparison(candidate, served);
  }
}
