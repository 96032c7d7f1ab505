package dev.tagstream.trainer;

/**
 * A training that cannot run or was cancelled; nothing is announced. The message says what to
 * change.
 */
final class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TrainingException(String message) {
    super(message);
  }
}
