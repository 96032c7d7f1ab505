package dev.tagstream.model.image;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Training-time augmentation: horizontal flip, scale/crop jitter, brightness/contrast/saturation
 * jitter.
 */
public final class Augmenter {
  private final ImagePreprocessor pre;
  private final float minScale;
  private final float colour;

  /**
   * @param minScale smallest crop side as a fraction of the image side (1 = no crop jitter)
   * @param colour maximum relative change of brightness, contrast and saturation (0 = none)
   */
  public Augmenter(ImagePreprocessor pre, float minScale, float colour) {
    this.pre = pre;
    this.minScale = minScale;
    this.colour = colour;
  }

  public static Augmenter standard(ImagePreprocessor pre) {
    return new Augmenter(pre, 0.8f, 0.2f);
  }

  /**
   * One random view of img, normalised like ImagePreprocessor.toTensorData; all randomness from r.
   */
  public float[] apply(BufferedImage img, Random r) {
    int w = img.getWidth();
    int h = img.getHeight();
    float s = minScale + (1 - minScale) * r.nextFloat();
    int cw = Math.max(1, Math.round(w * s));
    int ch = Math.max(1, Math.round(h * s));
    int x = r.nextInt(w - cw + 1);
    int y = r.nextInt(h - ch + 1);
    float[] rgb = pre.toRgb01(img, x, y, cw, ch, r.nextBoolean());
    jitter(
        rgb,
        1 + colour * (2 * r.nextFloat() - 1),
        1 + colour * (2 * r.nextFloat() - 1),
        1 + colour * (2 * r.nextFloat() - 1));
    pre.normalize(rgb);
    return rgb;
  }

  // brightness scales values; contrast scales around the mean grey; saturation scales around each
  // pixel's grey
  static void jitter(float[] chw, float brightness, float contrast, float saturation) {
    int plane = chw.length / 3;
    double sum = 0;
    for (int i = 0; i < plane; i++) {
      sum += grey(chw, plane, i) * brightness;
    }
    float mean = (float) (sum / plane);
    for (int i = 0; i < plane; i++) {
      float g = grey(chw, plane, i) * brightness;
      for (int c = 0; c < 3; c++) {
        float v = chw[c * plane + i] * brightness;
        v = g + (v - g) * saturation;
        v = mean + (v - mean) * contrast;
        chw[c * plane + i] = Math.min(1f, Math.max(0f, v));
      }
    }
  }

  private static float grey(float[] chw, int plane, int i) {
    return 0.299f * chw[i] + 0.587f * chw[plane + i] + 0.114f * chw[2 * plane + i];
  }
}
