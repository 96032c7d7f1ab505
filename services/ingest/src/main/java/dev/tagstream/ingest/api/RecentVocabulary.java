package dev.tagstream.ingest.api;

import dev.tagstream.contracts.VocabularyEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The view's added labels plus those this replica has just had stored, so a confirmation sent right
 * after its label is accepted before the view has read the label back (read-your-writes on one
 * replica). Of two entries for a name, the later {@code addedAt} wins, the view's on a tie.
 */
final class RecentVocabulary implements AddedLabels {
  private final AddedLabels view;
  private final Map<String, VocabularyEntry> recent = new ConcurrentHashMap<>();

  RecentVocabulary(AddedLabels view) {
    this.view = view;
  }

  /** Kafka acknowledged {@code e}. */
  void stored(VocabularyEntry e) {
    recent.merge(e.getName(), e, RecentVocabulary::newer);
  }

  @Override
  public Optional<VocabularyEntry> entry(String name) {
    VocabularyEntry mine = recent.get(name);
    Optional<VocabularyEntry> seen = view.entry(name);
    if (mine == null) {
      return seen;
    }
    return Optional.of(seen.map(s -> newer(mine, s)).orElse(mine));
  }

  @Override
  public List<VocabularyEntry> entries() {
    Map<String, VocabularyEntry> all = new LinkedHashMap<>();
    view.entries().forEach(e -> all.put(e.getName(), e));
    recent.values().forEach(e -> all.merge(e.getName(), e, RecentVocabulary::newer));
    return new ArrayList<>(all.values());
  }

  private static VocabularyEntry newer(VocabularyEntry a, VocabularyEntry b) {
    return b.getAddedAt().isBefore(a.getAddedAt()) ? a : b;
  }
}
