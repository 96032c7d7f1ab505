package dev.tagstream.model.train;

import dev.tagstream.model.artifact.EpochRecord;
import java.util.List;
import java.util.function.Supplier;

/**
 * An epoch as its listeners see it: its record, the history up to and including it, the validation
 * probabilities and the current weights (serialised only when a listener asks for them).
 */
record EpochEnd(
    EpochRecord record, List<EpochRecord> history, float[][] valProbs, Supplier<byte[]> weights) {
  EpochEnd {
    history = List.copyOf(history);
  }

  int epoch() {
    return record.epoch();
  }
}
