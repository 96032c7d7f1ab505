package dev.tagstream.bench;

import dev.tagstream.model.image.ImagePreprocessor;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Augmented views for the pretext task: one emoji's 64 px art on a random background (solid,
 * gradient or noise, as in scenes) at a random scale (30-85 % of the side), position, mild rotation
 * and mirror. Pure per random stream.
 */
final class PretextViews {
  private final ImagePreprocessor pre;
  private final int size;

  PretextViews(ImagePreprocessor pre) {
    this.pre = pre;
    this.size = pre.size();
  }

  /** The normalised CHW input of one random view of {@code art}. */
  float[] view(BufferedImage art, SplittableRandom rng) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      background(g, img, rng);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      double side = size * (0.3 + 0.55 * rng.nextDouble());
      double cx = side / 2 + rng.nextDouble() * (size - side);
      double cy = side / 2 + rng.nextDouble() * (size - side);
      AffineTransform t = new AffineTransform();
      t.translate(cx, cy);
      t.rotate(Math.toRadians(-20 + 40 * rng.nextDouble()));
      t.scale((rng.nextBoolean() ? -1 : 1) * side / art.getWidth(), side / art.getHeight());
      t.translate(-art.getWidth() / 2.0, -art.getHeight() / 2.0);
      g.drawImage(art, t, null);
    } finally {
      g.dispose();
    }
    return pre.toTensorData(img);
  }

  private void background(Graphics2D g, BufferedImage img, SplittableRandom rng) {
    Color a = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
    switch (rng.nextInt(3)) {
      case 0 -> {
        g.setColor(a);
        g.fillRect(0, 0, size, size);
      }
      case 1 -> {
        Color b = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
        g.setPaint(new GradientPaint(0, rng.nextInt(size), a, size, rng.nextInt(size), b));
        g.fillRect(0, 0, size, size);
      }
      default -> dev.tagstream.datasets.Backgrounds.noise(img, a, rng);
    }
  }
}
