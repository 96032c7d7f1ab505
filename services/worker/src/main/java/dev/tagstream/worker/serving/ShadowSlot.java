package dev.tagstream.worker.serving;

import java.util.Optional;

/**
 * The candidate model scored in shadow beside the served one, if any. Like {@link ModelSlot}, a
 * change is offered from any thread and taken by an inference thread between batches; the last
 * batch still using a dropped candidate closes it.
 */
public final class ShadowSlot implements AutoCloseable {
  private final Handover handover = new Handover(m -> {});

  /** Queues a validated candidate; a candidate queued earlier and never used is closed. */
  public void offer(ServingModel model) {
    handover.offer(Optional.of(model));
  }

  /** Stops shadowing from the next batch (the candidate was promoted or rejected). */
  public void retire() {
    handover.offer(Optional.empty());
  }

  /**
   * Called by an inference thread before each batch: the candidate for it (lease of null: none).
   */
  public ModelLease forBatch() {
    return handover.acquire();
  }

  @Override
  public void close() {
    handover.close();
  }
}
