package dev.tagstream.model.loss;

/**
 * A loss whose behaviour changes with the epoch; the trainer calls setEpoch(e) at the start of each
 * epoch (0-based).
 */
public interface EpochScheduled {
  void setEpoch(int epoch);
}
