package dev.tagstream.ingest.submit;

/**
 * The API refused the submission as a whole (wrong token, wrong URL, ...); carries the server's
 * explanation.
 */
final class SubmitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SubmitException(String message) {
    super(message);
  }
}
