package dev.tagstream.ingest.view;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.ingest.api.AddedLabels;
import dev.tagstream.ingest.api.ImageLookup;
import dev.tagstream.ingest.review.KnownLabels;
import dev.tagstream.ingest.review.LabelEvidence;
import dev.tagstream.ingest.review.ReviewSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ViewTopology} and answers lookups and the review queue from its local stores. The
 * stores are global: every ingest replica holds a full copy of the view (no partition is another
 * replica's), so any replica answers any id without routing, at the cost of each one reading every
 * partition and restoring the whole view at start.
 */
public final class PredictionView
    implements ImageLookup, AddedLabels, ReviewSource, LabelEvidence, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PredictionView.class);

  private final KafkaStreams streams;
  private volatile RuntimeException startFailure;
  private volatile boolean closing;
  private volatile Thread starter;

  private PredictionView(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * Builds the view (not started). {@code applicationId} names its Kafka clients and its state
   * directory; a view of global stores joins no consumer group, so replicas sharing it do not split
   * the topics between them.
   */
  public static PredictionView create(KafkaConfig kafka, String applicationId, Path stateDir) {
    Map<String, Object> p = new HashMap<>();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    // Global stores only: Streams runs just its global thread, creates no internal topics, joins no
    // consumer group.
    // A value that does not decode is skipped in one log line (and counted by Streams'
    // dropped-records metric),
    // while following the topics and while restoring them alike.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipMalformedValue.class);
    // The global thread obeys the processing exception handler as stream threads do (the default in
    // Kafka 5.0).
    p.put("processing.exception.handler.global.enabled", true);
    Properties props = KafkaClients.streamsProps(kafka, applicationId, p);
    KafkaStreams streams = new KafkaStreams(ViewTopology.build(kafka.topicPrefix()), props);
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("prediction view stopped: {}", e.toString());
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR) {
            log.info("prediction view {}", now);
          }
        });
    return new PredictionView(streams);
  }

  /**
   * Starts restoring the view and returns at once. Streams' own start blocks until every global
   * store holds its whole topic, which for a large view takes minutes; meanwhile the ops server
   * must already say alive, not ready.
   */
  public void start() {
    Thread t = new Thread(this::restoreThenFollow, "ingest-view-start");
    t.setDaemon(true);
    starter = t;
    t.start();
  }

  private void restoreThenFollow() {
    long t0 = System.nanoTime();
    try {
      streams.start();
      log.info(
          "prediction view restored in {} ms; following every partition of its topics",
          (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      if (!closing) {
        startFailure = e;
        log.error("prediction view did not start: {}", e.toString());
      }
    }
  }

  /**
   * Answering lookups: Streams reaches RUNNING only after its global thread has restored every
   * store.
   */
  public boolean ready() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** Not dead: created, restoring and running all count as alive; a start that failed does not. */
  public boolean alive() {
    KafkaStreams.State state = streams.state();
    return startFailure == null
        && (state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED);
  }

  @Override
  public Optional<Known> find(String id) {
    requireRunning();
    try {
      Prediction p = store(ViewTopology.PREDICTIONS_STORE, Prediction.class).get(id);
      LabelState l = store(ViewTopology.LABEL_STATE_STORE, LabelState.class).get(id);
      return p == null && l == null ? Optional.empty() : Optional.of(new Known(p, l));
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  @Override
  public void forEachPrediction(Consumer<Prediction> each) {
    forEach(ViewTopology.PREDICTIONS_STORE, Prediction.class, (id, p) -> each.accept(p));
  }

  @Override
  public void forEachLabelState(Consumer<LabelState> each) {
    forEach(ViewTopology.LABEL_STATE_STORE, LabelState.class, (id, s) -> each.accept(s));
  }

  @Override
  public void forEachDecided(BiConsumer<LabelState, Prediction> each) {
    ReadOnlyKeyValueStore<String, Prediction> predictions =
        store(ViewTopology.PREDICTIONS_STORE, Prediction.class);
    forEach(
        ViewTopology.DECISIONS_STORE,
        LabelState.class,
        (id, direct) -> each.accept(direct, predictions.get(id)));
  }

  /** Visits every non-null value of a store with its key. */
  private <V> void forEach(String storeName, Class<V> type, BiConsumer<String, V> each) {
    requireRunning();
    try (KeyValueIterator<String, V> it = store(storeName, type).all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value != null) {
              each.accept(kv.key, kv.value);
            }
          });
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  @Override
  public KnownLabels known(String id) {
    try {
      return KnownLabels.merge(
          store(ViewTopology.LABEL_STATE_STORE, LabelState.class).get(id),
          store(ViewTopology.DECISIONS_STORE, LabelState.class).get(id));
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<VocabularyEntry> entry(String name) {
    requireRunning();
    try {
      return Optional.ofNullable(
          store(ViewTopology.VOCABULARY_STORE, VocabularyEntry.class).get(name));
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  @Override
  public List<VocabularyEntry> entries() {
    List<VocabularyEntry> out = new ArrayList<>();
    forEach(ViewTopology.VOCABULARY_STORE, VocabularyEntry.class, (name, e) -> out.add(e));
    return out;
  }

  private void requireRunning() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      // a view of global stores is REBALANCING only while it restores them, before it first runs
      String what =
          state == KafkaStreams.State.REBALANCING ? "restoring its stores" : state.toString();
      throw new Unavailable("the prediction view is " + what + "; retry shortly", null);
    }
  }

  private static Unavailable unavailable(InvalidStateStoreException e) {
    return new Unavailable(
        "the prediction view is not available (" + e.getMessage() + "); retry shortly", e);
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, Class<V> type) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  @Override
  public void close() {
    closing = true;
    Thread t = starter;
    if (t != null && t.isAlive()) {
      // Streams' start holds the app's lock until the global stores are restored, and close waits
      // for that lock: with the broker gone, for minutes. Interrupted, start gives up and lets go.
      t.interrupt();
    }
    streams.close(java.time.Duration.ofSeconds(10));
  }
}
