package dev.tagstream.core.config;

/**
 * A configuration mistake, found at start-up; the message names the setting, where it came from and
 * what to change.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
