package dev.tagstream.feedback;

import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored fold of one known image: its uri and the direct decision per label. Positives and
 * negatives are derived on output, never stored, so a retraction or a newer decision re-derives the
 * hierarchy from scratch.
 */
record ImageLabels(
    String uri, Map<String, Decision> decisions, long confirmations, long updatedAt) {

  ImageLabels {
    uri = uri == null ? "" : uri;
    decisions = Map.copyOf(decisions);
  }

  static ImageLabels arrived(String uri, long at) {
    return new ImageLabels(uri, Map.of(), 0, at);
  }

  ImageLabels withUri(String newUri, long at) {
    return new ImageLabels(newUri, decisions, confirmations, at);
  }

  /**
   * This state with {@code d} applied to {@code label}, or this same instance when {@code d} is
   * older.
   */
  ImageLabels decide(String label, Decision d, boolean countsAsConfirmation, long at) {
    if (!d.supersedes(decisions.get(label))) {
      return this;
    }
    Map<String, Decision> next = new HashMap<>(decisions);
    next.put(label, d);
    return new ImageLabels(uri, next, confirmations + (countsAsConfirmation ? 1 : 0), at);
  }

  /**
   * The training view. positives = completeUp(direct positives): a child implies its parents.
   * Positive evidence beats negative evidence: a direct negative on a label that is positive
   * (directly, or as the parent of a confirmed child) is overruled and does not propagate, so
   * negatives = completeDown(direct negatives that are not positive). An overruled negative is kept
   * among the decisions and returns if the positive is retracted. Labels no longer in the
   * vocabulary are left out of both lists.
   */
  LabelState toLabelState(String id, Vocabulary vocabulary) {
    Set<String> positives =
        new LinkedHashSet<>(vocabulary.completeUp(direct(LabelDecision.POSITIVE)));
    List<String> standing =
        direct(LabelDecision.NEGATIVE).stream().filter(l -> !positives.contains(l)).toList();
    Set<String> negatives = new LinkedHashSet<>(vocabulary.completeDown(standing));
    // Redundant in a consistent hierarchy (a positive descendant would make the ancestor positive);
    // kept as a guard.
    negatives.removeAll(positives);
    Map<String, Long> decidedAt = new TreeMap<>();
    decisions.forEach((label, d) -> decidedAt.put(label, d.at()));
    return LabelState.newBuilder()
        .setId(id)
        .setUri(uri)
        .setPositives(inVocabularyOrder(positives, vocabulary))
        .setNegatives(inVocabularyOrder(negatives, vocabulary))
        .setDecidedAt(decidedAt)
        .setConfirmations(confirmations)
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
        .build();
  }

  private List<String> direct(LabelDecision state) {
    List<String> out = new ArrayList<>();
    decisions.forEach(
        (label, d) -> {
          if (d.state() == state) {
            out.add(label);
          }
        });
    return out;
  }

  private static List<String> inVocabularyOrder(Set<String> labels, Vocabulary vocabulary) {
    return labels.stream()
        .filter(vocabulary::contains)
        .sorted(Comparator.comparingInt(vocabulary::indexOf))
        .toList();
  }
}
