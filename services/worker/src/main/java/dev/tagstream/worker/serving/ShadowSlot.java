package dev.tagstream.worker.serving;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The candidate model scored in shadow beside the served one, if any. Like {@link ModelSlot}, a
 * change is offered from any thread and taken by the inference thread between batches, which closes
 * the model it drops, so no batch can still be using it.
 */
public final class ShadowSlot implements AutoCloseable {
  // null: no change waiting; empty: stop shadowing; a model: shadow this one from the next batch
  private final AtomicReference<Optional<ServingModel>> pending = new AtomicReference<>();
  private volatile ServingModel current;

  /** Queues a validated candidate; a candidate queued earlier and never used is closed. */
  public void offer(ServingModel model) {
    replace(Optional.of(model));
  }

  /** Stops shadowing from the next batch (the candidate was promoted or rejected). */
  public void retire() {
    replace(Optional.empty());
  }

  private void replace(Optional<ServingModel> next) {
    Optional<ServingModel> old = pending.getAndSet(next);
    if (old != null) {
      old.ifPresent(ServingModel::close);
    }
  }

  /** Called by the inference thread only, before each batch: the candidate for it, or null. */
  public ServingModel forBatch() {
    Optional<ServingModel> next = pending.getAndSet(null);
    if (next != null) {
      ServingModel old = current;
      current = next.orElse(null);
      if (old != null) {
        old.close();
      }
    }
    return current;
  }

  @Override
  public void close() {
    replace(Optional.empty());
    forBatch();
  }
}
