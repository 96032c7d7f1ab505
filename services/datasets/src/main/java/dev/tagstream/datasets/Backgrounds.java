package dev.tagstream.datasets;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** Scene backgrounds shared by the dataset's scenes and the loss bench's pretext views. */
public final class Backgrounds {
  private Backgrounds() {}

  /**
   * Per-pixel noise around {@code base}: each channel c + U{-amp..amp}, amp ~ U{20..79}, clamped to
   * 0..255.
   */
  public static void noise(BufferedImage img, Color base, SplittableRandom rng) {
    int amp = 20 + rng.nextInt(60);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int r = clamp(base.getRed() + rng.nextInt(2 * amp + 1) - amp);
        int g = clamp(base.getGreen() + rng.nextInt(2 * amp + 1) - amp);
        int b = clamp(base.getBlue() + rng.nextInt(2 * amp + 1) - amp);
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
