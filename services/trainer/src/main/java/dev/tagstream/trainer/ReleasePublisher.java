package dev.tagstream.trainer;

import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.model.artifact.ArtifactLocation;
import dev.tagstream.model.artifact.ModelArtifact;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces model releases on the models topic (key: model name) and returns only once the broker
 * acknowledged.
 */
final class ReleasePublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final KafkaConfig kafka;

  ReleasePublisher(KafkaConfig kafka, String clientId) {
    this.kafka = kafka;
    this.topic = Topics.MODELS.name(kafka.topicPrefix());
    this.producer = new KafkaProducer<>(KafkaClients.producerProps(kafka, clientId));
  }

  /** Blocks until acknowledged (acks=all); a failure is a {@link PublishException}. */
  void publish(ModelRelease release) {
    byte[] value = Topics.MODELS.valueSerde().encode(topic, release);
    try {
      producer
          .send(new ProducerRecord<>(topic, release.getName(), value))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException(
          topic, release.getVersion(), "interrupted while waiting for the acknowledgement", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishException(
          topic, release.getVersion(), "not acknowledged by " + kafka.bootstrap() + ": " + e, e);
    }
  }

  /** The release event for an artifact in a registry. */
  static ModelRelease release(
      String name,
      ModelArtifact a,
      ReleaseStatus status,
      String reason,
      Map<String, Double> metrics,
      Instant at) {
    return ModelRelease.newBuilder()
        .setName(name)
        .setVersion(a.info().version())
        .setParent(a.info().parent())
        .setArtifactUri(a.dir().toAbsolutePath().normalize().toUri().toString())
        .setLabelSetHash(a.vocabulary().hash())
        .setMetrics(Map.copyOf(metrics))
        .setStatus(status)
        .setReason(reason)
        .setAnnouncedAt(at)
        .build();
  }

  /** The artifact directory of a release: a file: URI or a plain path. */
  static Path artifactDir(ModelRelease r) {
    return ArtifactLocation.toPath(r.getArtifactUri());
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }

  /** A release that the broker did not acknowledge; carries the topic and version. */
  static final class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String version;

    PublishException(String topic, String version, String message, Throwable cause) {
      super("release " + version + " on " + topic + ": " + message, cause);
      this.topic = topic;
      this.version = version;
    }

    String topic() {
      return topic;
    }

    String version() {
      return version;
    }
  }
}
