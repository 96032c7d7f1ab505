package dev.tagstream.model.train;

/**
 * Unreadable images left no training or no validation image: there is nothing to train or calibrate
 * on.
 */
public final class NoUsableImagesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  NoUsableImagesException(String message) {
    super(message);
  }
}
