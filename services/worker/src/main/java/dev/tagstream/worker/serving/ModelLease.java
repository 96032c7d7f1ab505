package dev.tagstream.worker.serving;

/**
 * One batch's use of a model (null when there is none): the model cannot be closed until the lease
 * is, even if a newer one takes over meanwhile.
 */
public final class ModelLease implements AutoCloseable {
  private final ServingModel model;
  private final Handover owner;
  private boolean released;

  ModelLease(ServingModel model, Handover owner) {
    this.model = model;
    this.owner = owner;
  }

  /** The model for this batch, or null. */
  public ServingModel model() {
    return model;
  }

  /** Returns the model; a second close does nothing. */
  @Override
  public void close() {
    if (model != null && !released) {
      released = true;
      owner.release(model);
    }
  }
}
