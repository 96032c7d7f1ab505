package dev.tagstream.model.labels;

/** A vocabulary file or definition is invalid (cycle, unknown parent, duplicate, unreadable). */
public class VocabularyException extends RuntimeException {
  public VocabularyException(String message) {
    super(message);
  }

  public VocabularyException(String message, Throwable cause) {
    super(message, cause);
  }
}
