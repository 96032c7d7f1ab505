package dev.tagstream.datasets;

/** A dataset cannot be built as asked; the message says what is missing or wrong. */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
