package dev.tagstream.core.images;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Small real images made with java.awt, and hostile ones made byte by byte: the fetcher's, worker's
 * and trainer's tests and the reliability bench feed both to the real pipelines.
 */
public final class SampleImages {
  private SampleImages() {}

  public static BufferedImage picture(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(Color.HSBtoRGB((seed % 97) / 97f, 0.8f, 0.9f)));
    g.fillOval(w / 8, h / 8, 3 * w / 4, 3 * h / 4);
    g.setColor(Color.DARK_GRAY);
    g.drawString(Integer.toString(seed), w / 3, h / 2);
    g.dispose();
    return img;
  }

  public static byte[] png(int w, int h, int seed) {
    return encode(picture(w, h, seed), "png");
  }

  public static byte[] jpeg(int w, int h, int seed) {
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(picture(w, h, seed), 0, 0, Color.WHITE, null);
    g.dispose();
    return encode(rgb, "jpeg");
  }

  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] truncated(byte[] bytes, int keep) {
    return Arrays.copyOf(bytes, keep);
  }

  /**
   * A valid PNG signature and IHDR (correct CRC) declaring w x h RGBA pixels, and no pixel data at
   * all.
   */
  public static byte[] pngHeaderOnly(int w, int h) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII))
        .putInt(w)
        .putInt(h)
        .put((byte) 8)
        .put((byte) 6)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer out = ByteBuffer.allocate(8 + 4 + 17 + 4);
    out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
    out.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return out.array();
  }
}
