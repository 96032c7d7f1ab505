package dev.tagstream.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  private static BufferedImage solid(int size, Color c, int type) {
    BufferedImage img = new BufferedImage(size, size, type);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return img;
  }

  @Test
  void resizesToChwAndNormalisesWithImageNetStatistics() {
    ImagePreprocessor p = new ImagePreprocessor(8);
    float[] v = p.toTensorData(solid(20, new Color(255, 0, 0), BufferedImage.TYPE_INT_RGB));
    assertEquals(3 * 8 * 8, v.length);
    // red: (1 - 0.485)/0.229, (0 - 0.456)/0.224, (0 - 0.406)/0.225
    assertEquals(2.2489083f, v[0], 1e-5);
    assertEquals(2.2489083f, v[63], 1e-5);
    assertEquals(-2.0357143f, v[64], 1e-5);
    assertEquals(-1.8044444f, v[128 + 5], 1e-5);
  }

  @Test
  void transparentPixelsBecomeWhite() {
    float[] v =
        new ImagePreprocessor(8)
            .toTensorData(solid(8, new Color(0, 0, 0, 0), BufferedImage.TYPE_INT_ARGB));
    // white: (1 - mean)/std per channel
    assertEquals(2.2489083f, v[0], 1e-5);
    assertEquals(2.4285715f, v[64], 1e-5);
    assertEquals(2.64f, v[128], 1e-5);
  }

  @Test
  void colourJitterFollowsItsFormulas() {
    // one pixel (r,g,b) = (0.5, 0.2, 0.1): grey 0.299*0.5 + 0.587*0.2 + 0.114*0.1 = 0.2783;
    // saturation 0 -> all channels grey
    float[] px = {0.5f, 0.2f, 0.1f};
    Augmenter.jitter(px, 1f, 1f, 0f);
    assertArrayEquals(new float[] {0.2783f, 0.2783f, 0.2783f}, px, 1e-6f);
    // brightness 2 doubles, then clamps at 1
    float[] b = {0.5f, 0.2f, 0.6f};
    Augmenter.jitter(b, 2f, 1f, 1f);
    assertArrayEquals(new float[] {1f, 0.4f, 1f}, b, 1e-6f);
  }

  @Test
  void augmentationIsDeterministicForASeedAndVariesAcrossSeeds() {
    ImagePreprocessor p = new ImagePreprocessor(16);
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        img.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8);
      }
    }
    Augmenter a = Augmenter.standard(p);
    assertArrayEquals(a.apply(img, new Random(3)), a.apply(img, new Random(3)));
    float[] other = a.apply(img, new Random(4));
    assertEquals(p.length(), other.length);
    assertEquals(false, java.util.Arrays.equals(a.apply(img, new Random(3)), other));
  }
}
