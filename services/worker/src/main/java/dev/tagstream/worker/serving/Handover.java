package dev.tagstream.worker.serving;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one rule both slots share: a change of model is offered from any thread and takes over at the
 * next {@link #acquire}, so a batch never mixes versions; a replaced model is closed by whichever
 * batch releases it last, so no inference thread can still be using it, however many there are.
 */
final class Handover implements AutoCloseable {
  // null: no change waiting; empty: serve nothing from the next batch; a model: switch to it
  private final AtomicReference<Optional<ServingModel>> pending = new AtomicReference<>();
  private final Map<ServingModel, Integer> users = new IdentityHashMap<>(); // guarded by this
  private final Consumer<ServingModel> onSwitch;
  private volatile ServingModel current;

  Handover(Consumer<ServingModel> onSwitch) {
    this.onSwitch = onSwitch;
  }

  /** Queues a change; a model queued earlier and never served is closed. */
  void offer(Optional<ServingModel> next) {
    Optional<ServingModel> replaced = pending.getAndSet(next);
    if (replaced != null) {
      replaced.ifPresent(ServingModel::close);
    }
  }

  /** The model the next batch will use: the one waiting, else the current one (may be null). */
  ServingModel newest() {
    Optional<ServingModel> p = pending.get();
    return p != null ? p.orElse(null) : current;
  }

  ServingModel current() {
    return current;
  }

  /** Takes any waiting change, then lends the current model to one batch (null model: none). */
  synchronized ModelLease acquire() {
    Optional<ServingModel> next = pending.getAndSet(null);
    if (next != null) {
      ServingModel old = current;
      current = next.orElse(null);
      if (current != null) {
        onSwitch.accept(current);
      }
      closeIfUnused(old);
    }
    if (current == null) {
      return new ModelLease(null, this);
    }
    users.merge(current, 1, Integer::sum);
    return new ModelLease(current, this);
  }

  synchronized void release(ServingModel model) {
    Integer left = users.merge(model, -1, Integer::sum);
    if (left != null && left == 0) {
      users.remove(model);
      if (model != current) {
        model.close(); // replaced while this batch ran: it was the last user
      }
    }
  }

  private void closeIfUnused(ServingModel model) {
    if (model != null && !users.containsKey(model)) {
      model.close();
    }
  }

  /** Drops the waiting and the current model; one still lent out closes when it is released. */
  @Override
  public synchronized void close() {
    offer(Optional.empty());
    acquire().close();
  }
}
