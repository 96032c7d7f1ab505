package dev.tagstream.worker.serving;

/** A model version that failed validation and will not be served; the old model keeps serving. */
public final class ModelRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String location;

  ModelRejectedException(String location, String message, Throwable cause) {
    super("model at " + location + " rejected: " + message, cause);
    this.location = location;
  }

  String location() {
    return location;
  }
}
