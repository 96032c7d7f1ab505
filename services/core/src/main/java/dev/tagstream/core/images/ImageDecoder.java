package dev.tagstream.core.images;

import dev.tagstream.core.images.ImageFetchException.Stage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Bytes to pixels, defensively: the format is sniffed from the magic bytes (never trusted from a
 * file name or Content-Type), the declared size is read from the header and checked before any
 * pixel is decoded (a 50 kB PNG can declare 100k x 100k pixels), and any decoder warning (a
 * truncated JPEG) counts as a failure. Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {
  static {
    ImageIO.setUseCache(false); // decode in memory, never through temp files
  }

  private final long maxPixels;

  public ImageDecoder(long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1");
    }
    this.maxPixels = maxPixels;
  }

  /** The format name ImageIO knows it by, from the first bytes; null when it is none we accept. */
  static String sniff(byte[] b) {
    if (b.length >= 8
        && (b[0] & 0xff) == 0x89
        && b[1] == 'P'
        && b[2] == 'N'
        && b[3] == 'G'
        && b[4] == 0x0d
        && b[5] == 0x0a
        && b[6] == 0x1a
        && b[7] == 0x0a) {
      return "png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "jpeg";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "gif";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    return null;
  }

  public BufferedImage decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw ImageFetchException.poison(Stage.DECODE, "empty", "zero bytes");
    }
    String format = sniff(bytes);
    if (format == null) {
      throw ImageFetchException.poison(
          Stage.DECODE,
          "not-an-image",
          "not PNG, JPEG, GIF or BMP (first bytes " + hex(bytes) + ")");
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw ImageFetchException.poison(
          Stage.DECODE, "unsupported-format", "no decoder for " + format);
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((r, w) -> warnings.add(w));
      long width = reader.getWidth(0);
      long height = reader.getHeight(0);
      if (width < 1 || height < 1 || width * height > maxPixels) {
        throw ImageFetchException.poison(
            Stage.DECODE,
            "too-many-pixels",
            format + " declares " + width + "x" + height + " pixels; the limit is " + maxPixels);
      }
      BufferedImage img = reader.read(0);
      if (!warnings.isEmpty()) {
        throw ImageFetchException.poison(
            Stage.DECODE, "truncated", format + " decoder warning: " + warnings.get(0));
      }
      return img;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageFetchException f) {
        throw f;
      }
      boolean eof = false;
      for (Throwable c = e; c != null; c = c.getCause()) {
        eof |= c instanceof EOFException;
      }
      // ImageIO reports a short stream as EOF somewhere in the cause chain; anything else is
      // corrupt data
      throw new ImageFetchException(
          Stage.DECODE, eof ? "truncated" : "corrupt", format + ": " + e.getMessage(), false, e);
    } finally {
      reader.dispose();
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(String.format("%02x", b[i] & 0xff));
    }
    return s.toString();
  }
}
