package dev.tagstream.model.data;

import java.awt.image.BufferedImage;

/**
 * Where training and evaluation get a manifest image from its uri: the trainer service passes its
 * guarded fetcher (the worker's rule: allowed roots, address guard, size, time and pixel limits),
 * the train and eval tools read local files. Implementations are thread-safe; images are read on
 * two threads.
 */
@FunctionalInterface
public interface ImageSource {
  /**
   * The decoded image; throws {@link UnreadableImageException} when this one image cannot be had.
   */
  BufferedImage read(String uri);

  /**
   * Any local file, by file: URI or plain path (the command-line tools' source: the user names the
   * files).
   */
  static ImageSource localFiles() {
    return ImageLoader::load;
  }
}
