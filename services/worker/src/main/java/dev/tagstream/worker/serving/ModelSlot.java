package dev.tagstream.worker.serving;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model being served and the one waiting to replace it. A new model is offered from any thread;
 * the inference thread switches to it between batches ({@link #forBatch}), so a batch never mixes
 * versions, and closes the old one itself, so no batch can still be using it.
 */
public final class ModelSlot implements AutoCloseable {
  private final AtomicReference<ServingModel> pending = new AtomicReference<>();
  private volatile ServingModel current;
  private final Consumer<ServingModel> onSwitch;

  public ModelSlot(Consumer<ServingModel> onSwitch) {
    this.onSwitch = onSwitch;
  }

  /** Queues a validated model; a model queued earlier and never served is closed. */
  public void offer(ServingModel model) {
    ServingModel replaced = pending.getAndSet(model);
    if (replaced != null) {
      replaced.close();
    }
  }

  /** Called by the inference thread only, before each batch. */
  public ServingModel forBatch() {
    ServingModel next = pending.getAndSet(null);
    if (next != null) {
      ServingModel old = current;
      current = next;
      onSwitch.accept(next);
      if (old != null) {
        old.close();
      }
    }
    return current;
  }

  /** The model the next image should be preprocessed for: the newest known. */
  public ServingModel newest() {
    ServingModel p = pending.get();
    return p != null ? p : current;
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
    ServingModel c = current;
    return c == null ? null : c.version();
  }

  @Override
  public void close() {
    ServingModel p = pending.getAndSet(null);
    if (p != null) {
      p.close();
    }
    ServingModel c = current;
    current = null;
    if (c != null) {
      c.close();
    }
  }
}
