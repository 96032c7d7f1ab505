package dev.tagstream.contracts;

/**
 * A value that does not decode under any known version of its topic's schema. Carries what was
 * wrong.
 */
public final class ContractException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why decoding failed. */
  public enum Kind {
    /** Fewer bytes than the single-object header, or a wrong marker: not written by our serde. */
    BAD_HEADER,
    /** A valid header whose schema fingerprint no known schema version has. */
    UNKNOWN_SCHEMA,
    /** The header was fine but the body did not decode (truncated or corrupt). */
    CORRUPT_BODY,
    /** A value could not be encoded (e.g. a required field is null). */
    UNENCODABLE
  }

  private final Kind kind;
  private final String topic;

  public ContractException(Kind kind, String topic, String message, Throwable cause) {
    super(topic + ": " + message, cause);
    this.kind = kind;
    this.topic = topic;
  }

  public Kind kind() {
    return kind;
  }

  public String topic() {
    return topic;
  }
}
