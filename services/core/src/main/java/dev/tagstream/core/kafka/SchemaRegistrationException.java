package dev.tagstream.core.kafka;

/**
 * A service cannot start because the schema registry is unusable or refuses a schema; names the
 * subject.
 */
public final class SchemaRegistrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String subject;

  public SchemaRegistrationException(String subject, String message, Throwable cause) {
    super(message, cause);
    this.subject = subject;
  }

  /** The subject refused, or null when the registry itself could not be used. */
  public String subject() {
    return subject;
  }
}
