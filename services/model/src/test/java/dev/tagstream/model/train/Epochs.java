package dev.tagstream.model.train;

import dev.tagstream.model.artifact.EpochRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of epochs with given validation mAPs, each with its own recognisable weights, for the
 * listener tests.
 */
final class Epochs {
  final List<EpochRecord> history = new ArrayList<>();
  int weightReads;

  /**
   * Epoch {@code epoch} with validation mAP {@code map}; its weights are the bytes of "w" + epoch.
   */
  EpochEnd end(int epoch, double map) {
    EpochRecord r = new EpochRecord(epoch, 1.0 / (epoch + 1), 0.5, map, 1e-3, 100);
    history.add(r);
    float[][] probs = {{(float) map}};
    return new EpochEnd(
        r,
        history,
        probs,
        () -> {
          weightReads++;
          return weights(epoch);
        });
  }

  static byte[] weights(int epoch) {
    return ("w" + epoch).getBytes(StandardCharsets.US_ASCII);
  }
}
