package dev.tagstream.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.FuzzRun;
import dev.tagstream.contracts.SeededMutator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Mutated PNG, JPEG, GIF and BMP files through the decoder the worker and trainer use: each one
 * decodes to an image within the pixel limit or is refused with a decode-stage {@link
 * ImageFetchException}, within a time bound; never another exception, an error, or a hang.
 */
class ImageHeadersFuzzTest {
  private static final long MAX_PIXELS = 1_000_000;

  private static byte[] write(String format, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (x * 37 + y * 11) * 0x010203);
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(img, format, out), format);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyMutatedImageDecodesWithinTheLimitOrIsRefusedPlainly() throws Exception {
    ImageDecoder decoder = new ImageDecoder(MAX_PIXELS);
    List<byte[]> seeds =
        List.of(
            SampleImages.png(24, 16, 1),
            SampleImages.jpeg(24, 16, 2),
            write("gif", 24, 16),
            write("bmp", 24, 16));
    try (FuzzRun run =
        new FuzzRun(5_000)
            .run(
                new SeededMutator(SeededMutator.seed(), seeds),
                input -> {
                  try {
                    BufferedImage img = decoder.decode(input);
                    return (long) img.getWidth() * img.getHeight() <= MAX_PIXELS
                        ? "decoded"
                        : "over the pixel limit: " + img.getWidth() + "x" + img.getHeight();
                  } catch (ImageFetchException e) {
                    return e.stage() == ImageFetchException.Stage.DECODE
                        ? "refused"
                        : "wrong stage " + e.stage();
                  }
                })) {
      assertEquals(List.of(), run.crashes(), run.crashCount() + " crashes or hangs");
      assertEquals(
          SeededMutator.cases(),
          run.count("decoded") + run.count("refused"),
          run.outcomes().toString());
      assertTrue(run.count("decoded") > 0 && run.count("refused") > 0, run.outcomes().toString());
      System.out.printf(
          "fuzz images: %d cases, %d decoded, %d refused, 0 crashes, 0 hangs%n",
          SeededMutator.cases(), run.count("decoded"), run.count("refused"));
    }
  }
}
