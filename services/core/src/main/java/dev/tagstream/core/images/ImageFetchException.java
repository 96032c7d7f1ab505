package dev.tagstream.core.images;

import java.util.Locale;

/**
 * One image could not be had: refused (scheme, root, address), missing, failed in transit, too
 * large or not decodable. Carries the stage, a short machine-readable reason ({@code not-found},
 * {@code forbidden-address}, {@code too-many-pixels}, ...), and whether trying again later might
 * succeed (a timeout, a 503) or never will.
 */
public final class ImageFetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Where getting the image failed; the lower-case name is what dead letters and logs show. */
  public enum Stage {
    VALIDATE,
    FETCH,
    DECODE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Stage stage;
  private final String reason;
  private final boolean retriable;
  private final int attempts;

  ImageFetchException(
      Stage stage, String reason, String message, boolean retriable, Throwable cause) {
    this(stage, reason, message, retriable, 1, cause);
  }

  private ImageFetchException(
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

  static ImageFetchException poison(Stage stage, String reason, String message) {
    return new ImageFetchException(stage, reason, message, false, null);
  }

  static ImageFetchException transientFailure(
      Stage stage, String reason, String message, Throwable cause) {
    return new ImageFetchException(stage, reason, message, true, cause);
  }

  /** The same failure after {@code n} attempts. */
  ImageFetchException afterAttempts(int n) {
    return new ImageFetchException(stage, reason, getMessage(), retriable, n, getCause());
  }

  public Stage stage() {
    return stage;
  }

  public String reason() {
    return reason;
  }

  public boolean retriable() {
    return retriable;
  }

  public int attempts() {
    return attempts;
  }
}
