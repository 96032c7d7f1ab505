package dev.tagstream.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.contracts.SeededMutator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated PNG, JPEG, GIF and BMP files through the decoder the worker and trainer use: each one decodes to an
 * image within the pixel limit or is refused with a decode-stage {@link ImageFetchException}, within a time
 * bound; never another exception, an error, or a hang.
 */
class ImageHeadersFuzzTest {
  private static final long MAX_PIXELS = 1_000_000;
  private static final long BOUND_MS = 5_000;
  private static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "image-fuzz");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

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
    List<byte[]> seeds = List.of(SampleImages.png(24, 16, 1), SampleImages.jpeg(24, 16, 2), write("gif", 24, 16),
        write("bmp", 24, 16));
    SeededMutator mutator = new SeededMutator(SeededMutator.seed(), seeds);
    int decoded = 0;
    int refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < SeededMutator.cases(); i++) {
      byte[] input = mutator.next();
      Future<String> f = POOL.submit(() -> {
        try {
          BufferedImage img = decoder.decode(input);
          return (long) img.getWidth() * img.getHeight() <= MAX_PIXELS ? "decoded"
              : "over the pixel limit: " + img.getWidth() + "x" + img.getHeight();
        } catch (ImageFetchException e) {
          return e.stage() == ImageFetchException.Stage.DECODE ? "refused" : "wrong stage " + e.stage();
        } catch (Throwable t) {
          return "crash: " + t;
        }
      });
      String outcome;
      try {
        outcome = f.get(BOUND_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        outcome = "hang over " + BOUND_MS + " ms";
      }
      switch (outcome) {
        case "decoded" -> decoded++;
        case "refused" -> refused++;
        default -> crashes.add(outcome + " on " + HexFormat.of().formatHex(input, 0, Math.min(64, input.length)));
      }
    }
    assertEquals(List.of(), crashes.stream().limit(5).toList(), crashes.size() + " crashes or hangs");
    assertTrue(decoded > 0 && refused > 0, decoded + " decoded, " + refused + " refused");
    System.out.printf("fuzz images: %d cases, %d decoded, %d refused, 0 crashes, 0 hangs%n", decoded + refused,
        decoded, refused);
  }
}
