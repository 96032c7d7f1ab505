package dev.tagstream.ingest.view;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.VocabularyEntry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

/**
 * The lookup view: the newest {@code predictions} value and the newest {@code label-state} per
 * image id, plus each image's direct decisions folded from {@code labels} (for the review queue).
 * Every store is global: each ingest replica reads every partition of the three topics, so any
 * replica answers for any id.
 */
final class ViewTopology {
  public static final String PREDICTIONS_STORE = "ingest-latest-predictions";
  public static final String LABEL_STATE_STORE = "ingest-label-state";
  public static final String DECISIONS_STORE = "ingest-decisions";
  public static final String VOCABULARY_STORE = "ingest-vocabulary";

  private ViewTopology() {}

  /** Pure: no I/O, so tests drive it with a TopologyTestDriver. */
  public static Topology build(String topicPrefix) {
    StreamsBuilder b = new StreamsBuilder();
    // Global stores with a processor, not globalTable(): Streams restores a GlobalKTable by copying
    // the topic's
    // bytes into the store unread, so a value that does not decode would be stored and then fail
    // every lookup of
    // its id; through a processor, restoring decodes each record and skips such values as following
    // the topic does.
    ViewTopology.<Prediction, Prediction>global(
        b,
        Topics.PREDICTIONS,
        topicPrefix,
        PREDICTIONS_STORE,
        Topics.PREDICTIONS.storeSerde(),
        (id, p, before) -> p);
    ViewTopology.<LabelState, LabelState>global(
        b,
        Topics.LABEL_STATE,
        topicPrefix,
        LABEL_STATE_STORE,
        Topics.LABEL_STATE.storeSerde(),
        (id, s, before) -> s);
    ViewTopology.<LabelConfirmation, LabelState>global(
        b,
        Topics.LABELS,
        topicPrefix,
        DECISIONS_STORE,
        Topics.LABEL_STATE.storeSerde(),
        (id, c, before) -> c == null ? before : DecisionFold.apply(id, c, before));
    // keyed by label name: a key that is not the entry's name is ignored, as feedback does
    ViewTopology.<VocabularyEntry, VocabularyEntry>global(
        b,
        Topics.VOCABULARY,
        topicPrefix,
        VOCABULARY_STORE,
        Topics.VOCABULARY.storeSerde(),
        (name, e, before) -> e == null || name.equals(e.getName()) ? e : before);
    return b.build();
  }

  private static <V extends SpecificRecord, S> void global(
      StreamsBuilder b,
      Topic<V> topic,
      String prefix,
      String store,
      Serde<S> storeValues,
      FoldIntoStore.Fold<V, S> fold) {
    // RocksDB, not memory: the whole view of every replica lives off the heap, and a restart that
    // keeps the state
    // directory reads only what was written since its checkpoint.
    b.addGlobalStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(store), topic.keySerde(), storeValues),
        topic.name(prefix),
        Consumed.with(topic.keySerde(), topic.valueSerde()),
        () -> new FoldIntoStore<>(store, fold));
  }
}
