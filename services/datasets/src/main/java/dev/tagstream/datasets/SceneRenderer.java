package dev.tagstream.datasets;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Draws one scene: a background (solid, gradient or noise) and 1-4 distinct emoji at random scale,
 * position and mild rotation, overlapping at times. Pure: the same random stream gives the same
 * pixels. Public because the backbone's scene pretext draws its (never benchmarked) scenes with the
 * same rule.
 */
public final class SceneRenderer {
  public static final int MAX_EMOJI = 4;

  /** Each emoji is turned by at most this many degrees either way. */
  public static final double MAX_ANGLE_DEGREES = 20;

  /** The scene side EmojiScenes uses unless told otherwise. */
  public static final int DEFAULT_SIZE = 128;

  private final int size;

  public SceneRenderer(int size) {
    if (size < 32 || size > 1024) {
      throw new DatasetException("scene size must be 32..1024 px, got " + size);
    }
    this.size = size;
  }

  /**
   * A drawn scene, the indexes of the emoji in it (drawing order), each one's side in pixels and
   * its centre in pixels ({@code xs}, {@code ys}).
   */
  public record Scene(
      BufferedImage image,
      List<Integer> emoji,
      List<Double> sides,
      List<Double> xs,
      List<Double> ys) {
    public Scene {
      emoji = List.copyOf(emoji);
      sides = List.copyOf(sides);
      xs = List.copyOf(xs);
      ys = List.copyOf(ys);
    }

    /** Position in {@link #emoji()} of the largest emoji (the first drawn among equals). */
    public int largest() {
      int best = 0;
      for (int i = 1; i < sides.size(); i++) {
        if (sides.get(i) > sides.get(best)) {
          best = i;
        }
      }
      return best;
    }
  }

  /**
   * @param sprite the art of emoji {@code i} (one of its vendors, chosen by the caller)
   */
  public Scene render(SplittableRandom rng, int emojiCount, IntFunction<BufferedImage> sprite) {
    if (emojiCount < 1) {
      throw new IllegalArgumentException(
          "a scene needs at least one emoji to draw from, got " + emojiCount);
    }
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      background(g, img, rng);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      // Never more distinct emoji than there are: with fewer than MAX_EMOJI the draw below would
      // never end
      // (it did, in CI, on the 3-emoji test fixture). The same draws as before whenever emojiCount
      // >= MAX_EMOJI.
      int n = 1 + rng.nextInt(Math.min(MAX_EMOJI, emojiCount));
      List<Integer> chosen = new ArrayList<>(n);
      while (chosen.size() < n) {
        int e = rng.nextInt(emojiCount);
        if (!chosen.contains(e)) {
          chosen.add(e);
        }
      }
      List<Double> sides = new ArrayList<>(n);
      List<Double> xs = new ArrayList<>(n);
      List<Double> ys = new ArrayList<>(n);
      for (int e : chosen) {
        BufferedImage art = sprite.apply(e);
        double side = size * (0.25 + 0.3 * rng.nextDouble());
        sides.add(side);
        // Centres keep at least half of each emoji on the canvas.
        double cx = side / 2 + rng.nextDouble() * (size - side);
        double cy = side / 2 + rng.nextDouble() * (size - side);
        xs.add(cx);
        ys.add(cy);
        double angle =
            Math.toRadians(-MAX_ANGLE_DEGREES + 2 * MAX_ANGLE_DEGREES * rng.nextDouble());
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(angle);
        t.scale(side / art.getWidth(), side / art.getHeight());
        t.translate(-art.getWidth() / 2.0, -art.getHeight() / 2.0);
        g.drawImage(art, t, null);
      }
      return new Scene(img, chosen, sides, xs, ys);
    } finally {
      g.dispose();
    }
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
        double th = rng.nextDouble() * 2 * Math.PI;
        float dx = (float) (Math.cos(th) * size / 2);
        float dy = (float) (Math.sin(th) * size / 2);
        g.setPaint(
            new GradientPaint(
                size / 2f - dx, size / 2f - dy, a, size / 2f + dx, size / 2f + dy, b));
        g.fillRect(0, 0, size, size);
      }
      default -> Backgrounds.noise(img, a, rng);
    }
  }
}
