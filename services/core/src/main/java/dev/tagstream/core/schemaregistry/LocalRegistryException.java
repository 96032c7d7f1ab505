package dev.tagstream.core.schemaregistry;

/**
 * A local schema registry could not be fetched, unpacked or started; the message says what to do.
 */
public final class LocalRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalRegistryException(String message) {
    super(message);
  }
}
