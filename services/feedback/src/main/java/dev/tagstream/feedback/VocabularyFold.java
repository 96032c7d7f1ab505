package dev.tagstream.feedback;

import dev.tagstream.contracts.VocabularyEntry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global vocabulary store (label name -> newest entry) and the {@link VocabularyView}
 * built from it; a tombstone removes a label.
 */
final class VocabularyFold implements Processor<String, VocabularyEntry, Void, Void> {
  private final VocabularyView view;
  private KeyValueStore<String, VocabularyEntry> store;

  VocabularyFold(VocabularyView view) {
    this.view = view;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(FeedbackTopology.VOCABULARY_STORE);
    view.rebuild(store); // the store is restored before processors start
  }

  @Override
  public void process(Record<String, VocabularyEntry> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else if (record.key().equals(record.value().getName())) {
      store.put(record.key(), record.value());
    } else {
      return; // a key that is not the entry's name would let two names claim one label
    }
    view.rebuild(store);
  }
}
