package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.contracts.LabelDecision;
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
                    "cat", LabelDecision.NEGATIVE, "r2", 10, 11, "labels", 3, 99)));
    PredictionMemo memo = new PredictionMemo("v1", Set.of("cat", "dog"), Set.of("cat"));

    assertEquals(labels, roundTrip(ImageLabels.class, labels));
    assertEquals(queue, roundTrip(PendingConfirmation.Queue.class, queue));
    assertEquals(memo, roundTrip(PredictionMemo.class, memo));
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
