package dev.tagstream.ingest.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.ingest.review.KnownLabels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

class ViewTopologyTest {
  static TopologyTestDriver driver() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, "target/view-test-state");
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    return new TopologyTestDriver(ViewTopology.build("p."), p);
  }

  @Test
  void keepsTheNewestPredictionPerImageAndItsLabelState() {
    try (TopologyTestDriver d = driver()) {
      var preds =
          d.createInputTopic(
              "p.predictions",
              new StringSerializer(),
              Topics.PREDICTIONS.valueSerde().serializer());
      var states =
          d.createInputTopic(
              "p.label-state",
              new StringSerializer(),
              Topics.LABEL_STATE.valueSerde().serializer());
      Prediction v3 = ContractSamples.prediction("img-1");
      Prediction v4 = Prediction.newBuilder(v3).setModelVersion("v4").build();
      preds.pipeInput("img-1", v3);
      preds.pipeInput("img-1", v4);
      preds.pipeInput("img-2", ContractSamples.prediction("img-2"));
      states.pipeInput("img-1", ContractSamples.labelState("img-1"));

      var predStore = d.<String, Prediction>getKeyValueStore(ViewTopology.PREDICTIONS_STORE);
      var stateStore = d.<String, LabelState>getKeyValueStore(ViewTopology.LABEL_STATE_STORE);
      assertEquals(v4, predStore.get("img-1"));
      assertEquals("v3", predStore.get("img-2").getModelVersion());
      assertEquals(ContractSamples.labelState("img-1"), stateStore.get("img-1"));
      assertNull(stateStore.get("img-2"));
      assertNull(predStore.get("img-3"));
    }
  }

  @Test
  void skipsAValueThatDoesNotDecodeAndKeepsThePreviousOne() {
    try (TopologyTestDriver d = driver()) {
      var preds =
          d.createInputTopic(
              "p.predictions",
              new StringSerializer(),
              Topics.PREDICTIONS.valueSerde().serializer());
      var raw =
          d.createInputTopic("p.predictions", new StringSerializer(), new ByteArraySerializer());
      preds.pipeInput("img-1", ContractSamples.prediction("img-1"));
      raw.pipeInput("img-1", new byte[] {1, 2, 3});
      assertEquals(
          ContractSamples.prediction("img-1"),
          d.<String, Prediction>getKeyValueStore(ViewTopology.PREDICTIONS_STORE).get("img-1"));
    }
  }

  @Test
  void keepsTheNewestVocabularyEntryPerLabelAndIgnoresOneFiledUnderAnotherName() {
    try (TopologyTestDriver d = driver()) {
      var vocabulary =
          d.createInputTopic(
              "p.vocabulary", new StringSerializer(), Topics.VOCABULARY.valueSerde().serializer());
      VocabularyEntry lynx = ContractSamples.vocabularyEntry("lynx");
      VocabularyEntry revived = VocabularyEntry.newBuilder(lynx).setDeprecated(false).build();
      vocabulary.pipeInput("lynx", lynx);
      vocabulary.pipeInput("lynx", revived);
      vocabulary.pipeInput("puma", lynx);
      var store = d.<String, VocabularyEntry>getKeyValueStore(ViewTopology.VOCABULARY_STORE);
      assertEquals(revived, store.get("lynx"));
      assertNull(store.get("puma"));
    }
  }

  @Test
  void aTombstoneForgetsTheImagesPrediction() {
    try (TopologyTestDriver d = driver()) {
      var preds =
          d.createInputTopic(
              "p.predictions",
              new StringSerializer(),
              Topics.PREDICTIONS.valueSerde().serializer());
      preds.pipeInput("img-1", ContractSamples.prediction("img-1"));
      preds.pipeInput("img-2", ContractSamples.prediction("img-2"));
      preds.pipeInput("img-1", (Prediction) null);
      var store = d.<String, Prediction>getKeyValueStore(ViewTopology.PREDICTIONS_STORE);
      assertNull(store.get("img-1"));
      assertEquals(ContractSamples.prediction("img-2"), store.get("img-2"));
    }
  }

  @Test
  void everyStoreIsGlobalSoNoReplicaHoldsOnlySomePartitions() {
    TopologyDescription t = ViewTopology.build("p.").describe();
    assertEquals(
        Set.of(),
        t.subtopologies(),
        "a partitioned task would leave other replicas' ids unanswered");
    Map<String, Set<String>> storesByTopic = new TreeMap<>();
    t.globalStores()
        .forEach(
            g ->
                storesByTopic.put(g.source().topicSet().iterator().next(), g.processor().stores()));
    assertEquals(
        Map.of(
            "p.predictions",
            Set.of(ViewTopology.PREDICTIONS_STORE),
            "p.label-state",
            Set.of(ViewTopology.LABEL_STATE_STORE),
            "p.labels",
            Set.of(ViewTopology.DECISIONS_STORE),
            "p.vocabulary",
            Set.of(ViewTopology.VOCABULARY_STORE)),
        storesByTopic);
  }

  static LabelConfirmation c(String id, String label, LabelDecision d, long at) {
    return LabelConfirmation.newBuilder()
        .setId(id)
        .setLabel(label)
        .setState(d)
        .setSource("t")
        .setConfirmedAt(Instant.ofEpochMilli(at))
        .build();
  }

  @Test
  void foldsLabelsIntoEachImagesDirectDecisionsNewestFirstPerLabel() {
    try (TopologyTestDriver d = driver()) {
      var labels =
          d.createInputTopic(
              "p.labels", new StringSerializer(), Topics.LABELS.valueSerde().serializer());
      labels.pipeInput("img-1", c("img-1", "cat", LabelDecision.POSITIVE, 1_000));
      labels.pipeInput("img-1", c("img-1", "dog", LabelDecision.NEGATIVE, 2_000));
      labels.pipeInput(
          "img-1", c("img-1", "cat", LabelDecision.NEGATIVE, 500)); // older, arrives late: ignored
      labels.pipeInput("img-1", c("img-1", "dog", LabelDecision.RETRACTED, 3_000));
      labels.pipeInput("img-1", c("img-1", "bird", LabelDecision.NEGATIVE, 2_500));
      labels.pipeInput("img-2", c("img-2", "car", LabelDecision.POSITIVE, 4_000));
      var store = d.<String, LabelState>getKeyValueStore(ViewTopology.DECISIONS_STORE);
      LabelState one = store.get("img-1");
      assertEquals("img-1", one.getId());
      assertEquals(List.of("cat"), one.getPositives());
      assertEquals(List.of("bird"), one.getNegatives());
      assertEquals(Map.of("cat", 1_000L, "dog", 3_000L, "bird", 2_500L), one.getDecidedAt());
      assertEquals(4L, one.getConfirmations());
      assertEquals(Instant.ofEpochMilli(3_000), one.getUpdatedAt());
      assertEquals(List.of("car"), store.get("img-2").getPositives());
    }
  }

  @Test
  void aDirectDecisionOverridesTheLaggingLabelStateAndARetractionLeavesTheLabelUnknown() {
    LabelState folded =
        LabelState.newBuilder()
            .setId("i")
            .setPositives(List.of("cat", "animal"))
            .setNegatives(List.of("dog"))
            .setUpdatedAt(Instant.EPOCH)
            .build();
    LabelState direct = DecisionFold.apply("i", c("i", "cat", LabelDecision.NEGATIVE, 10), null);
    direct = DecisionFold.apply("i", c("i", "dog", LabelDecision.RETRACTED, 11), direct);
    KnownLabels k = KnownLabels.merge(folded, direct);
    assertEquals(Set.of("animal"), k.positives());
    assertEquals(Set.of("cat"), k.negatives());
    assertNull(k.decision("dog"));
    assertEquals("negative", k.decision("cat"));
    assertEquals(KnownLabels.NONE, KnownLabels.merge(null, null));
  }
}
