package dev.tagstream.trainer;

import dev.tagstream.core.images.ImageDecoder;
import dev.tagstream.core.images.ImageFetchException;
import dev.tagstream.core.images.ImageFetcher;
import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.data.UnreadableImageException;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trainer's images for one retrain: fetched and decoded by the worker's rule (core.images:
 * allowed file roots, address guard, size, time and pixel limits), so the trainer reads exactly
 * what a worker may read. Remembers each image it could not read, with the reason, so the retrain
 * can report it and never fetches it twice. Thread-safe.
 */
final class FetchedImages implements ImageSource {
  private final ImageFetcher fetcher;
  private final ImageDecoder decoder;
  private final Map<String, String> unreadable = new ConcurrentHashMap<>(); // uri -> stage/reason

  FetchedImages(ImageFetcher fetcher, ImageDecoder decoder) {
    this.fetcher = fetcher;
    this.decoder = decoder;
  }

  @Override
  public BufferedImage read(String uri) {
    String known = unreadable.get(uri);
    if (known != null) {
      throw new UnreadableImageException(known, "unreadable earlier in this retrain", null);
    }
    try {
      return decoder.decode(fetcher.fetch(uri).bytes());
    } catch (ImageFetchException e) {
      String reason = e.stage().id() + "/" + e.reason();
      unreadable.putIfAbsent(uri, reason);
      throw new UnreadableImageException(reason, e.getMessage(), e);
    }
  }

  /**
   * Why an image could not be read ({@code fetch/not-found}, ...), or null when it was read or
   * never tried.
   */
  String reason(String uri) {
    return unreadable.get(uri);
  }
}
