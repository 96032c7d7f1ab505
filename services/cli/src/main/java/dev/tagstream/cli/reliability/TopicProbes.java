package dev.tagstream.cli.reliability;

import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.nn.TaggerNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a careless or hostile producer with topic access can write: undecodable values on every
 * topic, image references the worker must refuse itself, and model releases whose artifacts are
 * broken.
 */
final class TopicProbes {
  /** Bad model versions; no prediction may ever carry one. */
  static final List<String> BAD_VERSIONS = List.of("v0901", "v0902");

  private TopicProbes() {}

  /**
   * Three kinds of garbage per topic. Returns the keys written to {@code images} (the worker
   * dead-letters them) and to {@code labels} (the feedback app does): each must come out on {@code
   * failures}. The other topics' readers skip them, which the run checks by their staying healthy
   * and correct.
   */
  static List<String> garbage(KafkaConfig c) {
    List<String> deadLetterKeys = new ArrayList<>();
    byte[] header =
        Arrays.copyOf(
            Topics.IMAGES
                .valueSerde()
                .encode(
                    Topics.IMAGES.name(c.topicPrefix()),
                    ImageReference.newBuilder()
                        .setId("x")
                        .setUri("file:///x.png")
                        .setSubmittedAt(Instant.now())
                        .build()),
            10);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(c, "reliability-garbage"))) {
      for (Topic<?> t : Topics.all()) {
        String name = t.name(c.topicPrefix());
        String[] kinds = {"text", "truncated", "empty"};
        byte[][] values = {
          "definitely not avro".getBytes(StandardCharsets.UTF_8), header, new byte[0]
        };
        for (int i = 0; i < kinds.length; i++) {
          String key = "garbage-" + t.baseName() + "-" + kinds[i];
          p.send(new ProducerRecord<>(name, key, values[i]));
          if (t == Topics.IMAGES || t == Topics.LABELS) {
            deadLetterKeys.add(key);
          }
        }
      }
      p.flush();
    }
    return deadLetterKeys;
  }

  /**
   * Writes one record and waits for the broker's acknowledgement, so a probe that was never stored
   * fails the run here instead of showing up later as a missing output. Returns where it landed
   * ("topic-partition@offset").
   */
  static <V extends SpecificRecord> String send(
      KafkaConfig c, Topic<V> topic, String key, V value) {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(KafkaClients.producerProps(c, "reliability-probe"))) {
      String name = topic.name(c.topicPrefix());
      RecordMetadata m =
          p.send(new ProducerRecord<>(name, key, topic.valueSerde().encode(name, value)))
              .get(60, TimeUnit.SECONDS);
      return m.topic() + "-" + m.partition() + "@" + m.offset();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "probe " + key + " was not stored on " + topic.baseName() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing probe " + key, e);
    }
  }

  /**
   * The offsets a consumer group has committed, as "topic-partition" → offset (for reporting a
   * missing output).
   */
  static Map<String, Long> committed(KafkaConfig c, String group) {
    try (Admin admin = Admin.create(KafkaClients.adminProps(c))) {
      Map<String, Long> out = new TreeMap<>();
      admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, o) -> out.put(tp.toString(), o == null ? -1 : o.offset()));
      return out;
    } catch (ExecutionException | TimeoutException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  static void release(KafkaConfig c, String version, Path artifact, String labelSetHash) {
    send(
        c,
        Topics.MODELS,
        "tagger",
        ModelRelease.newBuilder()
            .setName("tagger")
            .setVersion(version)
            .setArtifactUri(artifact.toUri().toString())
            .setLabelSetHash(labelSetHash)
            .setStatus(ReleaseStatus.PROMOTED)
            .setReason("reliability probe")
            .setAnnouncedAt(Instant.now())
            .build());
  }

  /**
   * Publishes two PROMOTED releases with broken artifacts: one whose labels.json lists 7 labels for
   * a head of {@code fixture}'s size, one whose head weights are cut in half. Both must be refused
   * by every worker.
   */
  static void badReleases(KafkaConfig c, Fixture fixture) throws IOException {
    String hash = fixture.vocabulary().hash();
    Path wrongCount =
        copy(
            fixture.firstModel().dir(),
            fixture.registry().getParent().resolve("bad").resolve(BAD_VERSIONS.get(0)));
    SyntheticModel.vocabulary(7).write(wrongCount.resolve(ModelArtifact.LABELS));
    release(c, BAD_VERSIONS.get(0), wrongCount, hash);
    Path truncated =
        copy(
            fixture.firstModel().dir(),
            fixture.registry().getParent().resolve("bad").resolve(BAD_VERSIONS.get(1)));
    Path head = truncated.resolve(TaggerNetwork.HEAD_PARAMS);
    byte[] weights = Files.readAllBytes(head);
    Files.write(head, Arrays.copyOf(weights, weights.length / 2));
    release(c, BAD_VERSIONS.get(1), truncated, hash);
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
