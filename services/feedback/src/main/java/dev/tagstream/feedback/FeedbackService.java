package dev.tagstream.feedback;

import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.ops.Health;
import dev.tagstream.core.ops.Metrics;
import dev.tagstream.core.ops.OpsServer;
import dev.tagstream.model.labels.Vocabulary;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running feedback app: the Kafka Streams topology plus /metrics, /healthz and /readyz (ready
 * when RUNNING).
 */
final class FeedbackService implements Service {
  private static final Logger log = LoggerFactory.getLogger(FeedbackService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final FeedbackConfig config;
  private final PrometheusMeterRegistry registry;
  private final FeedbackMetrics metrics;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final Health health = new Health();
  private OpsServer ops;
  private boolean announced;

  FeedbackService(KafkaConfig kafka, FeedbackConfig config, Vocabulary vocabulary) {
    this.config = config;
    this.registry = Metrics.registry("feedback");
    this.metrics = new FeedbackMetrics(registry);
    TopologyConfig topologyConfig =
        TopologyConfig.of(kafka.topicPrefix(), vocabulary, config.unknownImageGrace());
    Topology topology = FeedbackTopology.build(topologyConfig, metrics);
    log.debug("feedback topology:\n{}", topology.describe());
    this.streams = new KafkaStreams(topology, StreamsProperties.of(kafka, config, metrics));
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    StreamThreadFailures failures =
        new StreamThreadFailures(5, Duration.ofMinutes(10), System::nanoTime);
    streams.setUncaughtExceptionHandler(
        e -> {
          StreamThreadExceptionResponse response = failures.onFailure(e);
          if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
            log.warn(
                "feedback stream thread failed on a cluster fault; replacing it (its tasks resume"
                    + " from the committed offsets): {}",
                e.toString());
          } else {
            log.error(
                "feedback stream thread failed; stopping the app (liveness turns false): {}",
                e.toString(),
                e);
          }
          return response;
        });
    streams.setStateListener(this::onStateChange);
    health.liveness("streams", () -> alive(streams.state()));
    health.readiness("streams-running", () -> streams.state() == State.RUNNING);
  }

  static boolean alive(State s) {
    return s != State.ERROR && s != State.PENDING_ERROR && s != State.NOT_RUNNING;
  }

  private synchronized void onStateChange(State now, State before) {
    if (now == State.RUNNING && !announced) {
      announced = true;
      log.info(
          "feedback running as '{}' ({}), state in {}",
          config.applicationId(),
          config.processingGuarantee(),
          config.stateDir());
    } else if (now == State.ERROR) {
      log.error("feedback streams app entered ERROR (from {})", before);
    }
  }

  @Override
  public String name() {
    return "feedback";
  }

  @Override
  public void start() {
    ops = OpsServer.start("feedback", config.http(), registry, health, Map.of());
    streams.start();
  }

  @Override
  public int httpPort() {
    return ops == null ? config.http().port() : ops.port();
  }

  /** The app's state, for tests and tools. */
  State state() {
    return streams.state();
  }

  FeedbackMetrics metrics() {
    return metrics;
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    // Streams first: it commits the in-flight transaction, so nothing acknowledged is lost. Leaving
    // the group hands
    // the partitions over now, not after the session timeout (45 s) a restarted instance would
    // otherwise wait out.
    streams.close(
        CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
    streamsMetrics.close();
    if (ops != null) {
      ops.close();
    }
    registry.close();
  }
}
