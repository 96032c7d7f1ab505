package dev.tagstream.feedback;

import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.model.labels.GrownVocabulary;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vocabulary feedback folds against: the file's labels plus every label on the {@code
 * vocabulary} topic, deprecated ones included (a deprecated label leaves new models, but
 * confirmations for it still count). One per topology instance: the global-store thread replaces
 * the snapshot, the stream threads read it; the generation tells them that labels arrived.
 */
final class VocabularyView {
  private static final Logger log = LoggerFactory.getLogger(VocabularyView.class);

  /** An immutable vocabulary and how many times it has been rebuilt. */
  record Snapshot(Vocabulary vocabulary, long generation) {}

  private final Vocabulary file;
  private volatile Snapshot current;

  VocabularyView(Vocabulary file) {
    this.file = file;
    this.current = new Snapshot(file, 0);
  }

  Snapshot current() {
    return current;
  }

  Vocabulary vocabulary() {
    return current.vocabulary();
  }

  /** Rebuilds from the whole store (a few hundred entries at most; labels are added by hand). */
  synchronized void rebuild(ReadOnlyKeyValueStore<String, VocabularyEntry> store) {
    List<GrownVocabulary.Entry> added = new ArrayList<>();
    try (KeyValueIterator<String, VocabularyEntry> it = store.all()) {
      it.forEachRemaining(kv -> added.add(entry(kv.value)));
    }
    try {
      current = new Snapshot(GrownVocabulary.known(file, added), current.generation() + 1);
    } catch (VocabularyException e) {
      // ingest checks parents before writing, so only a hand-written record gets here
      log.error("vocabulary topic entries ignored until fixed: {}", e.getMessage());
    }
  }

  static GrownVocabulary.Entry entry(VocabularyEntry e) {
    return new GrownVocabulary.Entry(e.getName(), e.getParents(), e.getDeprecated());
  }
}
