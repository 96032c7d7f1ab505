package dev.tagstream.worker.pipeline;

import dev.tagstream.core.images.ImageFetchException;

/**
 * One image cannot be scored. Carries the stage, a short machine-readable reason (the dead letter's
 * {@code reason}), and whether trying again later might succeed (a timeout, a 503) or never will (a
 * 404).
 */
public final class ImageFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Stage stage;
  private final String reason;
  private final boolean retriable;
  private final int attempts;

  ImageFailedException(
      Stage stage, String reason, String message, boolean retriable, Throwable cause) {
    this(stage, reason, message, retriable, 1, cause);
  }

  private ImageFailedException(
      Stage stage,
      String reason,
      String message,
      boolean retriable,
      int attempts,
      Throwable cause) {
    super(message, cause);
    this.stage = stage;
    this.reason = reason;
    this.retriable = retriable;
    this.attempts = attempts;
  }

  /**
   * A fetch or decode failure as the worker reports it: same stage, reason, message, attempts and
   * cause.
   */
  static ImageFailedException of(ImageFetchException e) {
    return new ImageFailedException(
        Stage.valueOf(e.stage().name()),
        e.reason(),
        e.getMessage(),
        e.retriable(),
        e.attempts(),
        e.getCause());
  }

  static ImageFailedException poison(Stage stage, String reason, String message) {
    return new ImageFailedException(stage, reason, message, false, null);
  }

  Stage stage() {
    return stage;
  }

  String reason() {
    return reason;
  }

  boolean retriable() {
    return retriable;
  }

  int attempts() {
    return attempts;
  }

  /**
   * The class of the underlying error when there is one (what an operator searches for), else this
   * class.
   */
  String errorClass() {
    return getCause() != null ? getCause().getClass().getName() : getClass().getName();
  }
}
