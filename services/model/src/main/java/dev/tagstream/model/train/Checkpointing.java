package dev.tagstream.model.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes a resumable checkpoint after every epoch (DJL's {@code SaveModelTrainingListener} plays
 * this part): the current weights, the best epoch's weights as {@link BestEpoch} holds them, the
 * optimizer's state and the history. It must run after {@link BestEpoch} in the listener order.
 */
final class Checkpointing implements EpochListener {
  private final Path dir;
  private final String fingerprint;
  private final BestEpoch best;
  private final Supplier<byte[]> optimizerState;

  Checkpointing(Path dir, String fingerprint, BestEpoch best, Supplier<byte[]> optimizerState) {
    this.dir = dir;
    this.fingerprint = fingerprint;
    this.best = best;
    this.optimizerState = optimizerState;
  }

  @Override
  public void onEpoch(EpochEnd end) throws IOException {
    Checkpoint.save(
        dir,
        new Checkpoint.State(fingerprint, end.epoch(), best.epoch(), best.map(), end.history()),
        end.weights().get(),
        best.weights(),
        optimizerState.get());
  }
}
