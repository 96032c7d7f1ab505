package dev.tagstream.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Timings;
import dev.tagstream.contracts.Topics;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header handed to the Python peers is the one tagstream's serde writes and reads. */
class PeerConsumerTest {
  @Test
  void headerIsTheFirstTenBytesTheSerdeWritesForImageReference() {
    ImageReference r =
        ImageReference.newBuilder()
            .setId("a")
            .setUri("file:///x.png")
            .setSubmittedAt(Instant.EPOCH)
            .build();
    byte[] bytes = Topics.IMAGES.valueSerde().encode("images", r);
    assertEquals(
        HexFormat.of().formatHex(bytes, 0, 10),
        PeerConsumer.header(ImageReference.getClassSchema()));
  }

  @Test
  void headerIsTheFirstTenBytesTheSerdeWritesForPrediction() {
    Prediction p =
        Prediction.newBuilder()
            .setId("a")
            .setUri("file:///x.png")
            .setModelVersion("v")
            .setLabels(List.of(new LabelScore("l", 0.5f)))
            .setTimings(new Timings(0.0, 0.0, 0.0, 0.0, 0.0))
            .setScoredAt(Instant.EPOCH)
            .build();
    byte[] bytes = Topics.PREDICTIONS.valueSerde().encode("predictions", p);
    assertEquals(
        HexFormat.of().formatHex(bytes, 0, 10), PeerConsumer.header(Prediction.getClassSchema()));
  }
}
