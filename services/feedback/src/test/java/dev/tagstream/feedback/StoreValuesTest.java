package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.core.quality.JudgedPrediction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StoreValuesTest {
  private static <T> T roundTrip(Class<T> type, T value) {
    JsonSerde<T> serde = new JsonSerde<>(type);
    return serde
        .deserializer()
        .deserialize("changelog", serde.serializer().serialize("changelog", value));
  }

  @Test
  void storeValuesSurviveTheirChangelogEncoding() {
    ImageLabels labels =
        new ImageLabels(
            "file:///a.png",
            Map.of(
                "cat",
                new Decision(LabelDecision.POSITIVE, 5, "r1"),
                "dog",
                new Decision(LabelDecision.RETRACTED, 6, "")),
            2,
            7);
    PendingConfirmation.Queue queue =
        new PendingConfirmation.Queue(
            List.of(
                new PendingConfirmation(
                    "cat", LabelDecision.NEGATIVE, "r2", 10, 11, "labels", 3, 99, false),
                PendingConfirmation.ofImageLabel(
                    "lynx", LabelDecision.POSITIVE, 12, 13, "images", 1, 7)));
    JudgedPrediction memo = new JudgedPrediction("v1", Set.of("cat", "dog"), Set.of("cat"));

    assertEquals(labels, roundTrip(ImageLabels.class, labels));
    assertEquals(queue, roundTrip(PendingConfirmation.Queue.class, queue));
    assertEquals(memo, roundTrip(JudgedPrediction.class, memo));
  }

  @Test
  void aWaitingConfirmationStoredBeforeImageLabelsWaitedReadsAsAConfirmation() {
    // changelogs written before fromImage existed restore unchanged
    String old =
        "{\"items\":[{\"label\":\"cat\",\"state\":\"NEGATIVE\",\"source\":\"r2\","
            + "\"confirmedAt\":10,\"arrivedAt\":11,\"topic\":\"labels\",\"partition\":3,"
            + "\"offset\":99}]}";
    PendingConfirmation.Queue read =
        new JsonSerde<>(PendingConfirmation.Queue.class)
            .deserializer()
            .deserialize("changelog", old.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            new PendingConfirmation(
                "cat", LabelDecision.NEGATIVE, "r2", 10, 11, "labels", 3, 99, false)),
        read.items());
  }

  @Test
  void unreadableStoreValueIsASerializationException() {
    JsonSerde<ImageLabels> serde = new JsonSerde<>(ImageLabels.class);
    assertThrows(
        SerializationException.class,
        () ->
            serde
                .deserializer()
                .deserialize("changelog", "{not json".getBytes(StandardCharsets.UTF_8)));
  }
}
