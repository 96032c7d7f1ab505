package dev.tagstream.core.kafka;

/** The cluster could not be reached or refused an administrative request. */
public final class KafkaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
