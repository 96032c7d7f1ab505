package dev.tagstream.worker.serving;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The model being served and the one waiting to replace it. A new model is offered from any thread;
 * the inference threads switch to it between batches ({@link #forBatch}), so a batch never mixes
 * versions, and the last batch still using the old one closes it ({@link Handover}).
 */
public final class ModelSlot implements AutoCloseable {
  private final Handover handover;

  public ModelSlot(Consumer<ServingModel> onSwitch) {
    this.handover = new Handover(onSwitch);
  }

  /** Queues a validated model; a model queued earlier and never served is closed. */
  public void offer(ServingModel model) {
    handover.offer(Optional.of(model));
  }

  /** Called by an inference thread before each batch; close the lease when the batch is done. */
  public ModelLease forBatch() {
    return handover.acquire();
  }

  /** The model the next image should be preprocessed for: the newest known. */
  public ServingModel newest() {
    return handover.newest();
  }

  /**
   * The version an image arriving now will be scored with (for dead letters), or null without a
   * model.
   */
  public String newestVersion() {
    ServingModel n = newest();
    return n == null ? null : n.version();
  }

  public boolean hasModel() {
    return newest() != null;
  }

  /** The version serving now (null before the first batch after the first model arrived). */
  public String currentVersion() {
    ServingModel c = handover.current();
    return c == null ? null : c.version();
  }

  @Override
  public void close() {
    handover.close();
  }
}
