package dev.tagstream.model.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;

/**
 * Decodes a manifest image from a local file: URI or a plain path ({@link
 * ImageSource#localFiles()}).
 */
public final class ImageLoader {
  private ImageLoader() {}

  public static BufferedImage load(String uri) {
    Path p = path(uri);
    if (!Files.isRegularFile(p)) {
      throw new UnreadableImageException("not-found", "no such file " + p, null);
    }
    try {
      BufferedImage img = ImageIO.read(p.toFile());
      if (img == null) {
        throw new UnreadableImageException("not-an-image", p + " is not a decodable image", null);
      }
      return img;
    } catch (IOException e) {
      throw new UnreadableImageException(
          "io-error", "cannot decode image " + p + ": " + e.getMessage(), e);
    }
  }

  private static Path path(String uri) {
    try {
      if (uri.startsWith("file:")) {
        return Paths.get(URI.create(uri));
      }
      if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
        throw new UnreadableImageException(
            "unsupported-scheme", "only local files are read here, not " + uri, null);
      }
      return Paths.get(uri);
    } catch (IllegalArgumentException e) { // a malformed URI or path (InvalidPathException is one)
      throw new UnreadableImageException("malformed-uri", "not a local file: " + uri, e);
    }
  }
}
