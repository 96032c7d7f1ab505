package dev.tagstream.ingest.view;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one global store of the view up to date from its topic: an image's entry becomes {@code
 * fold(id, value, entry before)}, and a null result removes it. Streams runs it on every record,
 * both while following the topic and while restoring at start (global stores added with a processor
 * are rebuilt through it), so a fold such as {@link DecisionFold} gives the same store either way.
 */
final class FoldIntoStore<V, S> implements Processor<String, V, Void, Void> {
  /**
   * The new entry for an image, given what its topic just said and the entry before (null: none
   * yet).
   */
  @FunctionalInterface
  interface Fold<V, S> {
    S apply(String id, V value, S before);
  }

  private final String storeName;
  private final Fold<V, S> fold;
  private KeyValueStore<String, S> store;

  FoldIntoStore(String storeName, Fold<V, S> fold) {
    this.storeName = storeName;
    this.fold = fold;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, V> record) {
    String id = record.key();
    if (id == null) {
      return; // nothing could ever look it up
    }
    S after = fold.apply(id, record.value(), store.get(id));
    if (after == null) {
      store.delete(id);
    } else {
      store.put(id, after);
    }
  }
}
