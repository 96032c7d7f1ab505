package dev.tagstream.ingest.view;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lookup view: a table of the newest {@code predictions} value and one of the newest {@code label-state} per
 * image id, plus each image's direct decisions folded from {@code labels} (for the review queue).
 */
public final class ViewTopology {
  public static final String PREDICTIONS_STORE = "ingest-latest-predictions";
  public static final String LABEL_STATE_STORE = "ingest-label-state";
  public static final String DECISIONS_STORE = "ingest-decisions";

  private ViewTopology() {}

  /** Pure: no I/O, so tests drive it with a TopologyTestDriver. */
  public static Topology build(String topicPrefix) {
    StreamsBuilder b = new StreamsBuilder();
    ViewTopology.<Prediction>table(b, Topics.PREDICTIONS, topicPrefix, PREDICTIONS_STORE);
    ViewTopology.<LabelState>table(b, Topics.LABEL_STATE, topicPrefix, LABEL_STATE_STORE);
    Topic<LabelConfirmation> labels = Topics.LABELS;
    // keyed by image id already, so grouping by key needs no repartition topic
    b.stream(labels.name(topicPrefix), Consumed.with(labels.keySerde(), labels.valueSerde()))
        .filter((id, c) -> id != null && c != null)
        .groupByKey(Grouped.with(labels.keySerde(), labels.valueSerde()))
        .aggregate(DecisionFold::empty, DecisionFold::apply,
            Materialized.<String, LabelState, KeyValueStore<Bytes, byte[]>>as(DECISIONS_STORE)
                .withKeySerde(Topics.LABEL_STATE.keySerde()).withValueSerde(Topics.LABEL_STATE.valueSerde()));
    return b.build();
  }

  private static <V extends SpecificRecord> void table(StreamsBuilder b, Topic<V> topic, String prefix, String store) {
    b.table(topic.name(prefix), Consumed.with(topic.keySerde(), topic.valueSerde()),
        Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
            .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
  }
}
