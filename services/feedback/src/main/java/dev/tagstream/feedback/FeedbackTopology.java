package dev.tagstream.feedback;

import dev.tagstream.contracts.Topics;
import dev.tagstream.core.quality.JudgedPrediction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The feedback app's topology, built without I/O: confirmations from {@code labels} and known
 * labels from {@code images} folded into per-image label state on {@code label-state} (bad input to
 * {@code failures}), and predictions (and a candidate's shadow predictions) joined with later
 * confirmations into online quality meters. One sub-topology, because both parts read {@code
 * labels}; all input topics are keyed by image id and so co-partitioned.
 */
public final class FeedbackTopology {
  public static final String IMAGES_SOURCE = "images-source";
  public static final String LABELS_SOURCE = "labels-source";
  public static final String PREDICTIONS_SOURCE = "predictions-source";
  public static final String FOLD = "label-state-fold";
  public static final String QUALITY = "online-quality";
  public static final String SHADOW_PREDICTIONS_SOURCE = "shadow-predictions-source";
  public static final String SHADOW_QUALITY = "shadow-quality";
  public static final String STATE_SINK = "label-state-sink";
  public static final String FAILURES_SINK = "failures-sink";
  public static final String VOCABULARY_SOURCE = "vocabulary-source";
  public static final String VOCABULARY_FOLD = "vocabulary-fold";

  /**
   * Labels added on the vocabulary topic (label name -> newest entry); global: every task sees all.
   */
  public static final String VOCABULARY_STORE = "vocabulary-entries";

  /** Direct decisions per known image (image id -> {@link ImageLabels}). */
  public static final String DECISIONS_STORE = "label-decisions";

  /** Confirmations waiting for their image or their label (image id -> queue). */
  public static final String PENDING_STORE = "pending-confirmations";

  /** Latest prediction per image and the labels already judged against it. */
  public static final String PREDICTIONS_STORE = "latest-predictions";

  /**
   * Latest shadow prediction per image (a candidate's) and the labels already judged against it.
   */
  public static final String SHADOW_PREDICTIONS_STORE = "latest-shadow-predictions";

  private FeedbackTopology() {}

  public static Topology build(TopologyConfig config, FeedbackMetrics metrics) {
    String p = config.topicPrefix();
    Topology t = new Topology();
    VocabularyView vocabulary = new VocabularyView(config.vocabulary());
    t.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(VOCABULARY_STORE),
                Serdes.String(),
                Topics.VOCABULARY.storeSerde())
            .withLoggingDisabled(),
        VOCABULARY_SOURCE,
        Serdes.String().deserializer(),
        Topics.VOCABULARY.valueSerde().deserializer(),
        Topics.VOCABULARY.name(p),
        VOCABULARY_FOLD,
        () -> new VocabularyFold(vocabulary));
    t.addSource(
        IMAGES_SOURCE,
        Serdes.String().deserializer(),
        Topics.IMAGES.valueSerde().deserializer(),
        Topics.IMAGES.name(p));
    t.addSource(
        LABELS_SOURCE,
        Serdes.String().deserializer(),
        Topics.LABELS.valueSerde().deserializer(),
        Topics.LABELS.name(p));
    t.addSource(
        PREDICTIONS_SOURCE,
        Serdes.String().deserializer(),
        Topics.PREDICTIONS.valueSerde().deserializer(),
        Topics.PREDICTIONS.name(p));
    t.addSource(
        SHADOW_PREDICTIONS_SOURCE,
        Serdes.String().deserializer(),
        Topics.SHADOW_PREDICTIONS.valueSerde().deserializer(),
        Topics.SHADOW_PREDICTIONS.name(p));

    t.addProcessor(
        FOLD,
        () -> new LabelStateProcessor(config, vocabulary, metrics),
        IMAGES_SOURCE,
        LABELS_SOURCE);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DECISIONS_STORE),
            Serdes.String(),
            new JsonSerde<>(ImageLabels.class)),
        FOLD);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PENDING_STORE),
            Serdes.String(),
            new JsonSerde<>(PendingConfirmation.Queue.class)),
        FOLD);

    t.addProcessor(
        QUALITY,
        () -> new QualityProcessor(vocabulary, metrics.quality(), PREDICTIONS_STORE),
        PREDICTIONS_SOURCE,
        LABELS_SOURCE);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PREDICTIONS_STORE),
            Serdes.String(),
            new JsonSerde<>(JudgedPrediction.class)),
        QUALITY);
    // The same processor and rule over shadow predictions: a candidate is judged exactly as served
    // models are, by the confirmations that arrive after its prediction.
    t.addProcessor(
        SHADOW_QUALITY,
        () -> new QualityProcessor(vocabulary, metrics.shadowQuality(), SHADOW_PREDICTIONS_STORE),
        SHADOW_PREDICTIONS_SOURCE,
        LABELS_SOURCE);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SHADOW_PREDICTIONS_STORE),
            Serdes.String(),
            new JsonSerde<>(JudgedPrediction.class)),
        SHADOW_QUALITY);

    t.addSink(
        STATE_SINK,
        Topics.LABEL_STATE.name(p),
        Serdes.String().serializer(),
        Topics.LABEL_STATE.valueSerde().serializer(),
        FOLD);
    t.addSink(
        FAILURES_SINK,
        Topics.FAILURES.name(p),
        Serdes.String().serializer(),
        Topics.FAILURES.valueSerde().serializer(),
        FOLD);
    return t;
  }
}
