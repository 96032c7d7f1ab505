package dev.tagstream.contracts;

/**
 * A Schema Registry call failed or refused a schema; carries the subject (or schema id) and the
 * HTTP status.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final int status;

  public RegistryException(String subject, int status, String message, Throwable cause) {
    super(message, cause);
    this.subject = subject;
    this.status = status;
  }

  /** The subject (or {@code schema id N}) the call was about. */
  public String subject() {
    return subject;
  }

  /** The HTTP status, or 0 when the registry could not be reached. */
  public int status() {
    return status;
  }
}
