package dev.tagstream.ingest.api;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import java.util.Optional;

/**
 * Reads what is known about one image: its latest prediction and its label state (served by the
 * local view).
 */
public interface ImageLookup {
  /**
   * Empty when neither is known; throws {@link Unavailable} while the view is starting or
   * rebalancing.
   */
  Optional<Known> find(String id);

  /** What is known; either part may be null, not both. */
  record Known(Prediction prediction, LabelState labelState) {}

  /** The view cannot answer right now; the client should retry. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
