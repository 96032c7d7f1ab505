package dev.tagstream.model.data;

/**
 * One image cannot be had for training or evaluation: missing, refused, failed in transit or not an
 * image. Training and evaluation leave such an image out and count it; any other exception from an
 * {@link ImageSource} is a bug and fails the run. {@link #reason()} is short and machine-readable
 * ({@code not-found}, {@code http-404}, ...) and, unlike the message, never holds the image's
 * location, so it is safe to log.
 */
public final class UnreadableImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public UnreadableImageException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
