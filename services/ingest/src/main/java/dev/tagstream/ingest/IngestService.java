package dev.tagstream.ingest;

import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.ops.Health;
import dev.tagstream.core.ops.Metrics;
import dev.tagstream.core.ops.OpsServer;
import dev.tagstream.core.releases.ReleaseFollower;
import dev.tagstream.ingest.api.IngestApi;
import dev.tagstream.ingest.api.ReviewParts;
import dev.tagstream.ingest.review.FileRoots;
import dev.tagstream.ingest.review.LabelStatistics;
import dev.tagstream.ingest.review.ModelArtifacts;
import dev.tagstream.ingest.review.ReleaseList;
import dev.tagstream.ingest.review.ReviewQueue;
import dev.tagstream.ingest.view.PredictionView;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: the HTTP API and review pages (on the ops server, next to /metrics), its
 * Kafka producer, the lookup view (which also feeds the review queue) and the follower of announced
 * models.
 */
final class IngestService implements Service {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final KafkaConfig kafka;
  private final IngestConfig config;
  private final PrometheusMeterRegistry registry = Metrics.registry("ingest");
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaClientMetrics producerMetrics;
  private final PredictionView view;
  private final ReleaseFollower models;
  private final ReviewParts review;
  private OpsServer server;

  /** How long a label history's figures are reused before the view is read again. */
  static final Duration LABEL_FIGURES_MAX_AGE = Duration.ofSeconds(10);

  IngestService(KafkaConfig kafka, IngestConfig config) {
    this.kafka = kafka;
    this.config = config;
    this.producer =
        new KafkaProducer<>(IngestProducer.props(kafka, "ingest", config.api().produceTimeout()));
    this.producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(registry);
    this.view = PredictionView.create(kafka, config.viewApplicationId(), config.viewStateDir());
    ReleaseList releases = new ReleaseList();
    this.models =
        new ReleaseFollower(
            kafka, "tagstream-ingest-models", "ingest-models-follower", releases::apply);
    ModelArtifacts artifacts = new ModelArtifacts(releases);
    this.review =
        new ReviewParts(
            new ReviewQueue(view, artifacts::thresholds),
            artifacts,
            new FileRoots(config.fileRoots()),
            new LabelStatistics(view, Clock.systemUTC(), LABEL_FIGURES_MAX_AGE));
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public void start() {
    view.start();
    models.start();
    Health health =
        new Health()
            .liveness("view", view::alive)
            .readiness("view", view::ready)
            .liveness("models", models::alive);
    server =
        OpsServer.start(
            "ingest",
            config.http(),
            registry,
            health,
            IngestApi.routes(
                config.api(),
                kafka.topicPrefix(),
                producer,
                view,
                view,
                review,
                registry,
                Clock.systemUTC()));
    log.info(
        "ingest API and review pages (/review/) on port {} over {} ({}; vocabulary {}; file images from {})",
        server.port(),
        config.http().tls() ? "HTTPS" : "HTTP",
        config.api().token() == null
            ? "no token"
            : "bearer token required"
                + (config.api().reviewRequiresToken() ? ", on the review pages too" : ""),
        config.api().vocabulary() == null
            ? "unset: label syntax only"
            : config.api().vocabulary().size() + " labels",
        config.fileRoots().isEmpty() ? "nowhere" : config.fileRoots());
  }

  @Override
  public int httpPort() {
    if (server == null) {
      throw new IllegalStateException("ingest is not started");
    }
    return server.port();
  }

  /**
   * Stops taking requests (in-flight ones get a second to finish), then flushes and closes Kafka
   * clients.
   */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    producer.close(Duration.ofSeconds(10));
    producerMetrics.close();
    models.close();
    view.close();
  }
}
