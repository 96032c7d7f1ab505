package dev.tagstream.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tagstream.core.images.ImageFetchException.Stage;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(4_000_000);

  private static ImageFetchException failure(Runnable r) {
    return assertThrows(ImageFetchException.class, r::run);
  }

  @Test
  void decodesPngToItsDeclaredSize() {
    BufferedImage img = decoder.decode(SampleImages.png(40, 30, 1));
    assertEquals(40, img.getWidth());
    assertEquals(30, img.getHeight());
  }

  @Test
  void decodesJpeg() {
    BufferedImage img = decoder.decode(SampleImages.jpeg(33, 21, 2));
    assertEquals(33, img.getWidth());
    assertEquals(21, img.getHeight());
  }

  @Test
  void sniffsFormatFromMagicBytes() {
    assertEquals("png", ImageDecoder.sniff(SampleImages.png(8, 8, 0)));
    assertEquals("jpeg", ImageDecoder.sniff(SampleImages.jpeg(8, 8, 0)));
    assertEquals(null, ImageDecoder.sniff("<html>".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rejectsZeroBytesAsEmpty() {
    ImageFetchException e = failure(() -> decoder.decode(new byte[0]));
    assertEquals(Stage.DECODE, e.stage());
    assertEquals("empty", e.reason());
  }

  @Test
  void rejectsTextAsNotAnImage() {
    ImageFetchException e =
        failure(() -> decoder.decode("<html>not found</html>".getBytes(StandardCharsets.UTF_8)));
    assertEquals("not-an-image", e.reason());
    assertEquals("not PNG, JPEG, GIF or BMP (first bytes 3c68746d6c3e6e6f)", e.getMessage());
  }

  @Test
  void rejectsTruncatedPngAsTruncated() {
    byte[] png = SampleImages.png(64, 64, 3);
    ImageFetchException e =
        failure(() -> decoder.decode(SampleImages.truncated(png, png.length / 2)));
    assertEquals("truncated", e.reason());
  }

  @Test
  void rejectsPngCutInsideItsHeaderAsTruncated() {
    ImageFetchException e =
        failure(() -> decoder.decode(SampleImages.truncated(SampleImages.png(64, 64, 3), 20)));
    assertEquals("truncated", e.reason());
  }

  @Test
  void rejectsTruncatedJpegAsTruncated() {
    byte[] jpg = SampleImages.jpeg(64, 64, 4);
    ImageFetchException e =
        failure(() -> decoder.decode(SampleImages.truncated(jpg, jpg.length / 2)));
    assertEquals("truncated", e.reason());
  }

  @Test
  void rejectsHugeDeclaredDimensionsBeforeDecoding() {
    ImageFetchException e =
        failure(() -> decoder.decode(SampleImages.pngHeaderOnly(100_000, 100_000)));
    assertEquals("too-many-pixels", e.reason());
    assertEquals("png declares 100000x100000 pixels; the limit is 4000000", e.getMessage());
  }

  @Test
  void acceptsExactlyTheMaximumPixelCount() {
    BufferedImage img = new ImageDecoder(40 * 30).decode(SampleImages.png(40, 30, 5));
    assertEquals(1200, img.getWidth() * img.getHeight());
  }
}
