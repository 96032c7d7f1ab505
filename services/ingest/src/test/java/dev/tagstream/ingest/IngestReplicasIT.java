package dev.tagstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.RecordJson;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ingest replicas sharing the view's application id on one broker, over topics of several
 * partitions, as {@code deploy/k8s/ingest.yaml} runs them: each holds the whole view, so each
 * answers every image id and its review queue sees every prediction and every direct decision,
 * whichever partition holds them.
 */
class IngestReplicasIT {
  static final int PARTITIONS = 4;
  static final int IMAGES = 24;
  static final String LABEL_ONLY = "rep-label-only";

  @TempDir Path dir;

  @Test
  void eachReplicaAnswersEveryIdWhicheverPartitionHoldsIt() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(PARTITIONS);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      ids.add(String.format("rep-%02d", i));
    }
    Set<Integer> spread = new TreeSet<>();
    ids.forEach(id -> spread.add(partition(id)));
    assertEquals(
        PARTITIONS,
        spread.size(),
        "the ids must cover every partition, or one replica could hold them all");

    // Written before either replica starts: each replica restores it before it reports ready.
    try (var out = producer(kafka)) {
      for (int i = 0; i < IMAGES; i++) {
        send(out, kafka, Topics.PREDICTIONS, ids.get(i), prediction(ids.get(i), i, "v1"));
        if (i % 2 == 0) {
          send(out, kafka, Topics.LABEL_STATE, ids.get(i), labelState(ids.get(i), i));
        }
        if (i % 3 == 0) {
          send(
              out,
              kafka,
              Topics.LABELS,
              ids.get(i),
              decision(ids.get(i), LabelDecision.NEGATIVE, 1_000));
        }
      }
      send(out, kafka, Topics.LABEL_STATE, LABEL_ONLY, labelState(LABEL_ONLY, 99));
      // a later value that does not decode leaves the earlier one in place
      out.send(
              new ProducerRecord<>(
                  Topics.PREDICTIONS.name(kafka.topicPrefix()), ids.get(1), new byte[] {1, 2, 3}))
          .get();
      // a retraction leaves 'cat' undecided again, so rep-03 stays in the queue
      send(
          out,
          kafka,
          Topics.LABELS,
          ids.get(3),
          decision(ids.get(3), LabelDecision.RETRACTED, 2_000));
    }

    try (Service a = replica(kafka, "a");
        Service b = replica(kafka, "b")) {
      a.start();
      b.start();
      List<Http> apis = List.of(new Http(a.httpPort(), null), new Http(b.httpPort(), null));
      for (Http api : apis) {
        Awaits.until(
            Duration.ofSeconds(60),
            () -> api.get("/readyz").status() == 200,
            "a replica to become ready");
      }
      for (Http api : apis) {
        // no waiting here: ready means every store is restored up to what was written before the
        // start
        for (int i = 0; i < IMAGES; i++) {
          assertAnswers(
              api,
              ids.get(i),
              prediction(ids.get(i), i, "v1"),
              i % 2 == 0 ? labelState(ids.get(i), i) : null);
        }
        assertAnswers(api, LABEL_ONLY, null, labelState(LABEL_ONLY, 99));
        var unknown = api.get("/v1/images/rep-unknown");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("unknown-image", unknown.json().get("error").asText());
        assertEquals(
            expectedQueue(ids, Set.of()),
            queue(api),
            "the queue leaves out images decided on any partition");
        assertEquals(
            IMAGES, api.get("/v1/review/queue?limit=50").json().get("predictions").asInt());
      }

      // Written while both run: each replica follows every partition.
      try (var out = producer(kafka)) {
        for (int i = 0; i < IMAGES; i++) {
          send(out, kafka, Topics.PREDICTIONS, ids.get(i), prediction(ids.get(i), i, "v2"));
        }
        send(
            out,
            kafka,
            Topics.LABELS,
            ids.get(1),
            decision(ids.get(1), LabelDecision.POSITIVE, 3_000));
      }
      for (Http api : apis) {
        for (int i = 0; i < IMAGES; i++) {
          String id = ids.get(i);
          Prediction v2 = prediction(id, i, "v2");
          Awaits.until(
              Duration.ofSeconds(30),
              () -> asServed(v2).equals(api.get("/v1/images/" + id).json().get("prediction")),
              id + "'s v2 on every replica");
          assertAnswers(api, id, v2, i % 2 == 0 ? labelState(id, i) : null);
        }
        Awaits.until(
            Duration.ofSeconds(30),
            () -> queue(api).equals(expectedQueue(ids, Set.of(ids.get(1)))),
            "rep-01's new decision to take it out of every replica's queue");
      }
    }
  }

  Service replica(KafkaConfig kafka, String name) {
    IngestServiceFactory f = new IngestServiceFactory();
    return f.create(
        kafka,
        Settings.parse(
            f.settings(),
            List.of(
                "--ingest.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--ingest.view-state-dir",
                dir.resolve(name).toString()),
            Map.of()));
  }

  static void assertAnswers(Http api, String id, Prediction prediction, LabelState labelState)
      throws Exception {
    var r = api.get("/v1/images/" + id);
    assertEquals(200, r.status(), id + ": " + r.body());
    assertEquals(id, r.json().get("id").asText());
    assertEquals(asServed(prediction), r.json().get("prediction"), id);
    assertEquals(asServed(labelState), r.json().get("labelState"), id);
  }

  /**
   * A record as the API writes it, read back from text (so a float compares as the number the
   * client sees).
   */
  static JsonNode asServed(SpecificRecord value) throws Exception {
    return Http.JSON.readTree(RecordJson.toNode(value).toString());
  }

  /**
   * Every image with a prediction except those whose only shown label, 'cat', is decided directly.
   */
  static Set<String> expectedQueue(List<String> ids, Set<String> decidedLater) {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if ((i % 3 != 0 || i == 3) && !decidedLater.contains(ids.get(i))) {
        out.add(ids.get(i));
      }
    }
    return out;
  }

  static Set<String> queue(Http api) throws Exception {
    var r = api.get("/v1/review/queue?limit=50");
    assertEquals(200, r.status(), r.body());
    Set<String> out = new TreeSet<>();
    r.json().get("items").forEach(item -> out.add(item.get("id").asText()));
    return out;
  }

  /**
   * Distinct per image and version, so a lookup answered with another image's record cannot pass.
   */
  static Prediction prediction(String id, int i, String version) {
    return Prediction.newBuilder(ContractSamples.prediction(id))
        .setModelVersion(version)
        .setLabels(List.of(new LabelScore("cat", 0.30f + i / 100f)))
        .setProbabilities(null)
        .build();
  }

  /**
   * Known labels that are never shown in the queue ('tree-i'), so only direct decisions take an
   * image out.
   */
  static LabelState labelState(String id, int i) {
    return LabelState.newBuilder(ContractSamples.labelState(id))
        .setPositives(List.of("tree-" + i))
        .setNegatives(List.of())
        .setDecidedAt(Map.of())
        .build();
  }

  static LabelConfirmation decision(String id, LabelDecision state, long at) {
    return LabelConfirmation.newBuilder(ContractSamples.confirmation(id))
        .setState(state)
        .setConfirmedAt(ContractSamples.T.plusMillis(at))
        .build();
  }

  /** The partition the producer's default partitioner picks for a key. */
  static int partition(String id) {
    return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  static KafkaProducer<String, byte[]> producer(KafkaConfig kafka) {
    return new KafkaProducer<>(KafkaClients.producerProps(kafka, "replicas-test"));
  }

  static <V extends SpecificRecord> void send(
      KafkaProducer<String, byte[]> out, KafkaConfig kafka, Topic<V> topic, String id, V value)
      throws Exception {
    String name = topic.name(kafka.topicPrefix());
    out.send(new ProducerRecord<>(name, id, topic.valueSerde().encode(name, value))).get();
  }
}
