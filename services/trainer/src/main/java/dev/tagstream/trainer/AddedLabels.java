package dev.tagstream.trainer;

import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.model.labels.GrownVocabulary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The labels added on the vocabulary topic, newest entry per name, as the follower read them; a
 * retrain takes them as they are when it starts. A record whose key is not its entry's name is
 * ignored (feedback and ingest do the same), a tombstone removes the name.
 */
final class AddedLabels {
  private final Map<String, GrownVocabulary.Entry> byName = new ConcurrentSkipListMap<>();

  void apply(String name, VocabularyEntry entry) {
    if (entry == null) {
      byName.remove(name);
    } else if (name.equals(entry.getName())) {
      byName.put(name, new GrownVocabulary.Entry(name, entry.getParents(), entry.getDeprecated()));
    }
  }

  List<GrownVocabulary.Entry> entries() {
    return List.copyOf(byName.values());
  }
}
