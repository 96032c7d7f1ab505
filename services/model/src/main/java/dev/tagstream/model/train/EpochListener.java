package dev.tagstream.model.train;

import java.io.IOException;

/**
 * Something that acts at the end of each training epoch, after validation, as DJL's {@code
 * TrainingListener.onEpoch} does: tracking the best epoch, checkpointing, early stopping. The loop
 * calls listeners in the order it was given them, so a listener may read the state of one before it
 * (checkpointing saves what {@link BestEpoch} decided).
 */
interface EpochListener {

  void onEpoch(EpochEnd end) throws IOException;

  /**
   * Whether training should end after the epoch just seen; asked once every listener has seen it.
   */
  default boolean stopRequested() {
    return false;
  }
}
