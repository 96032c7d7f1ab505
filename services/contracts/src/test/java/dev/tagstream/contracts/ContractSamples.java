package dev.tagstream.contracts;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One fully populated value of every topic's type, for round-trip tests here and through the
 * broker.
 */
public final class ContractSamples {
  private ContractSamples() {}

  public static final Instant T = Instant.ofEpochMilli(1_790_000_000_123L);

  public static ImageReference image(String id) {
    return ImageReference.newBuilder()
        .setId(id)
        .setUri("file:///data/" + id + ".png")
        .setSubmittedAt(T)
        .setSource("test")
        .setAttributes(Map.of("camera", "pixel"))
        .setPositives(List.of("cat", "animal"))
        .setNegatives(List.of("dog"))
        .build();
  }

  public static Prediction prediction(String id) {
    return Prediction.newBuilder()
        .setId(id)
        .setUri("file:///data/" + id + ".png")
        .setModelVersion("v3")
        .setLabels(List.of(new LabelScore("cat", 0.91f), new LabelScore("animal", 0.5f)))
        .setProbabilities(List.of(0.91f, 0.5f, 0.01f))
        .setEmbedding(null)
        .setTimings(new Timings(1.5, 0.7, 2.0, 3.25, 9.0))
        .setSubmittedAt(T)
        .setScoredAt(T.plusMillis(9))
        .build();
  }

  public static Failure failure(String id) {
    return Failure.newBuilder()
        .setId(id)
        .setUri("http://10.0.0.1/x.png")
        .setStage("fetch")
        .setReason("forbidden-address")
        .setMessage("10.0.0.1 is a private address")
        .setErrorClass("dev.tagstream.worker.FetchException")
        .setAttempts(1)
        .setModelVersion("v3")
        .setSourceTopic("images")
        .setSourcePartition(2)
        .setSourceOffset(41L)
        .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setFailedAt(T)
        .build();
  }

  public static LabelConfirmation confirmation(String id) {
    return LabelConfirmation.newBuilder()
        .setId(id)
        .setLabel("cat")
        .setState(LabelDecision.NEGATIVE)
        .setSource("reviewer-7")
        .setConfirmedAt(T)
        .build();
  }

  public static LabelState labelState(String id) {
    return LabelState.newBuilder()
        .setId(id)
        .setUri("file:///data/" + id + ".png")
        .setPositives(List.of("cat", "animal"))
        .setNegatives(List.of("dog"))
        .setDecidedAt(Map.of("cat", T.toEpochMilli(), "dog", T.toEpochMilli() + 1))
        .setConfirmations(2L)
        .setUpdatedAt(T)
        .build();
  }

  public static ModelRelease release(String version) {
    return ModelRelease.newBuilder()
        .setName("default")
        .setVersion(version)
        .setParent("v1")
        .setArtifactUri("file:///registry/" + version)
        .setLabelSetHash("abc123")
        .setMetrics(Map.of("mAP", 0.42))
        .setStatus(ReleaseStatus.PROMOTED)
        .setReason("better by 0.03 mAP")
        .setAnnouncedAt(T)
        .build();
  }

  public static VocabularyEntry vocabularyEntry(String name) {
    return VocabularyEntry.newBuilder()
        .setName(name)
        .setParents(List.of("animal"))
        .setAddedBy("reviewer-7")
        .setAddedAt(T)
        .setDeprecated(true)
        .build();
  }

  /** One sample per topic, in {@link Topics#all()} order. */
  public static List<SpecificRecord> oneOfEach() {
    return List.of(
        image("img-1"),
        prediction("img-1"),
        failure("img-1"),
        confirmation("img-1"),
        labelState("img-1"),
        release("v2"),
        vocabularyEntry("lynx"),
        prediction("img-1"));
  }
}
