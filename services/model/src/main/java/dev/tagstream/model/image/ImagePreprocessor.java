package dev.tagstream.model.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Turns a decoded image into the model's CHW float input: alpha composited on white, stretched to
 * size x size (bilinear), then normalised with the ImageNet mean/std (what TorchScript backbones
 * expect). Pure Java and stateless, so a worker may call it from many threads.
 */
public final class ImagePreprocessor {
  static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] STD = {0.229f, 0.224f, 0.225f};

  private final int size;

  public ImagePreprocessor(int size) {
    if (size < 8) {
      throw new IllegalArgumentException("input size must be >= 8, got " + size);
    }
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** Length of one preprocessed image: 3 * size * size. */
  public int length() {
    return 3 * size * size;
  }

  public float[] toTensorData(BufferedImage img) {
    float[] rgb = toRgb01(img, 0, 0, img.getWidth(), img.getHeight(), false);
    normalize(rgb);
    return rgb;
  }

  /** Crops the source rectangle (optionally mirrored), resizes, returns CHW values in [0, 1]. */
  float[] toRgb01(BufferedImage img, int sx, int sy, int sw, int sh, boolean flip) {
    BufferedImage dst = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      int x1 = flip ? sx + sw : sx;
      int x2 = flip ? sx : sx + sw;
      g.drawImage(img, 0, 0, size, size, x1, sy, x2, sy + sh, null);
    } finally {
      g.dispose();
    }
    int[] px = dst.getRGB(0, 0, size, size, null, 0, size);
    int plane = size * size;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = px[i];
      out[i] = ((p >> 16) & 0xff) / 255f;
      out[plane + i] = ((p >> 8) & 0xff) / 255f;
      out[2 * plane + i] = (p & 0xff) / 255f;
    }
    return out;
  }

  void normalize(float[] chw) {
    int plane = size * size;
    for (int c = 0; c < 3; c++) {
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        chw[i] = (chw[i] - MEAN[c]) / STD[c];
      }
    }
  }
}
