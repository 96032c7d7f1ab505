package dev.tagstream.ingest.view;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.ingest.api.ImageLookup;
import dev.tagstream.ingest.review.KnownLabels;
import dev.tagstream.ingest.review.ReviewSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
 * Runs {@link ViewTopology} and answers lookups and the review queue from its local stores (interactive queries).
 * One instance holds
 * every partition; several ingest instances sharing the application id would each hold a share and would need
 * {@code application.server} plus {@code queryMetadataForKey} routing (or a GlobalKTable) to answer for all ids.
 */
public final class PredictionView implements ImageLookup, ReviewSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PredictionView.class);

  private final KafkaStreams streams;

  private PredictionView(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Builds the view (not started). {@code applicationId} is the consumer group and the state directory's name. */
  public static PredictionView create(KafkaConfig kafka, String applicationId, Path stateDir) {
    Map<String, Object> p = new HashMap<>();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replication());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // A value that does not decode is skipped in one log line (and counted by Streams' dropped-records metric).
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipMalformedValue.class);
    // No global tables here; set only so Streams does not warn at every start (the default flips in Kafka 5.0).
    p.put("processing.exception.handler.global.enabled", true);
    Properties props = new Properties();
    props.putAll(p);
    KafkaStreams streams = new KafkaStreams(ViewTopology.build(kafka.topicPrefix()), props);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("prediction view stopped: {}", e.toString());
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR) {
        log.info("prediction view {}", now);
      }
    });
    return new PredictionView(streams);
  }

  public void start() {
    streams.start();
  }

  /** Answering lookups. */
  public boolean ready() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** Not dead: starting, rebalancing and running all count as alive. */
  public boolean alive() {
    return streams.state().isRunningOrRebalancing() || streams.state() == KafkaStreams.State.CREATED;
  }

  @Override
  public Optional<Known> find(String id) {
    requireRunning();
    try {
      Prediction p = store(ViewTopology.PREDICTIONS_STORE, Prediction.class).get(id);
      LabelState l = store(ViewTopology.LABEL_STATE_STORE, LabelState.class).get(id);
      return p == null && l == null ? Optional.empty() : Optional.of(new Known(p, l));
    } catch (InvalidStateStoreException e) {
      throw new Unavailable("the prediction view is migrating (" + e.getMessage() + "); retry shortly", e);
    }
  }

  @Override
  public void forEachPrediction(Consumer<Prediction> each) {
    requireRunning();
    try (KeyValueIterator<String, Prediction> it = store(ViewTopology.PREDICTIONS_STORE, Prediction.class).all()) {
      it.forEachRemaining(kv -> {
        if (kv.value != null) {
          each.accept(kv.value);
        }
      });
    } catch (InvalidStateStoreException e) {
      throw new Unavailable("the prediction view is migrating (" + e.getMessage() + "); retry shortly", e);
    }
  }

  @Override
  public KnownLabels known(String id) {
    try {
      return KnownLabels.merge(store(ViewTopology.LABEL_STATE_STORE, LabelState.class).get(id),
          store(ViewTopology.DECISIONS_STORE, LabelState.class).get(id));
    } catch (InvalidStateStoreException e) {
      throw new Unavailable("the prediction view is migrating (" + e.getMessage() + "); retry shortly", e);
    }
  }

  private void requireRunning() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw new Unavailable("the prediction view is " + state + "; retry shortly", null);
    }
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, Class<V> type) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  @Override
  public void close() {
    streams.close(java.time.Duration.ofSeconds(10));
  }
}
