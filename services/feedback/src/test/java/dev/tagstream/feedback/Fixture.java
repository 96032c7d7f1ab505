package dev.tagstream.feedback;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Timings;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Shared test values: a small two-tree hierarchy and builders for each input record. */
final class Fixture {
  private Fixture() {}

  /** animal > cat > kitten, animal > dog; vehicle > car. */
  static final Vocabulary VOCABULARY =
      Vocabulary.of(
          List.of(
              new LabelDef("animal", List.of()),
              new LabelDef("cat", List.of("animal")),
              new LabelDef("kitten", List.of("cat")),
              new LabelDef("dog", List.of("animal")),
              new LabelDef("vehicle", List.of()),
              new LabelDef("car", List.of("vehicle"))));

  static String uri(String id) {
    return "file:///data/" + id + ".png";
  }

  static ImageReference image(
      String id, long submittedAt, List<String> positives, List<String> negatives) {
    return ImageReference.newBuilder()
        .setId(id)
        .setUri(uri(id))
        .setSubmittedAt(Instant.ofEpochMilli(submittedAt))
        .setSource("test")
        .setAttributes(Map.of())
        .setPositives(positives)
        .setNegatives(negatives)
        .build();
  }

  static ImageReference image(String id, long submittedAt) {
    return image(id, submittedAt, List.of(), List.of());
  }

  static LabelConfirmation confirm(String id, String label, LabelDecision state, long confirmedAt) {
    return LabelConfirmation.newBuilder()
        .setId(id)
        .setLabel(label)
        .setState(state)
        .setSource("reviewer")
        .setConfirmedAt(Instant.ofEpochMilli(confirmedAt))
        .build();
  }

  static Prediction prediction(String id, String version, String... labels) {
    return Prediction.newBuilder()
        .setId(id)
        .setUri(uri(id))
        .setModelVersion(version)
        .setLabels(java.util.Arrays.stream(labels).map(l -> new LabelScore(l, 0.9f)).toList())
        .setProbabilities(null)
        .setEmbedding(null)
        .setTimings(new Timings(0.0, 0.0, 0.0, 0.0, 0.0))
        .setSubmittedAt(Instant.ofEpochMilli(0))
        .setScoredAt(Instant.ofEpochMilli(1))
        .build();
  }

  static LabelState state(
      String id,
      List<String> positives,
      List<String> negatives,
      Map<String, Long> decidedAt,
      long confirmations,
      long updatedAt) {
    return LabelState.newBuilder()
        .setId(id)
        .setUri(uri(id))
        .setPositives(positives)
        .setNegatives(negatives)
        .setDecidedAt(decidedAt)
        .setConfirmations(confirmations)
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
        .build();
  }

  static Failure failure(
      String id, String uri, String reason, String message, String topic, long offset, long at) {
    return Failure.newBuilder()
        .setId(id)
        .setUri(uri)
        .setStage("feedback")
        .setReason(reason)
        .setMessage(message)
        .setErrorClass("")
        .setAttempts(1)
        .setModelVersion(null)
        .setSourceTopic(topic)
        .setSourcePartition(0)
        .setSourceOffset(offset)
        .setOriginalValue(null)
        .setFailedAt(Instant.ofEpochMilli(at))
        .build();
  }
}
