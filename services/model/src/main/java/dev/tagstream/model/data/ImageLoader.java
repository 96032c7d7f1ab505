package dev.tagstream.model.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;

/** Decodes a manifest image from a file: URI or a plain path (training reads local files only). */
public final class ImageLoader {
  private ImageLoader() {}

  public static BufferedImage load(String uri) {
    Path p = uri.startsWith("file:") ? Paths.get(URI.create(uri)) : Paths.get(uri);
    try {
      BufferedImage img = ImageIO.read(p.toFile());
      if (img == null) {
        throw new IOException("not a decodable image");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode image " + uri + ": " + e.getMessage(), e);
    }
  }
}
