package dev.tagstream.model.train;

import ai.djl.ndarray.types.Shape;
import dev.tagstream.model.image.Augmenter;
import dev.tagstream.model.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Decoded images held in memory (read once, see ManifestImages); training batches are augmented
 * views, evaluation batches the plain preprocessed image (cached, since it never changes).
 */
final class ImageInputs implements Inputs {
  private final BufferedImage[] images;
  private final float[][] plain;
  private final ImagePreprocessor pre;
  private final Augmenter augmenter;

  private ImageInputs(BufferedImage[] images, ImagePreprocessor pre, Augmenter augmenter) {
    this.images = images;
    this.plain = new float[images.length][];
    this.pre = pre;
    this.augmenter = augmenter;
  }

  static ImageInputs of(List<BufferedImage> images, ImagePreprocessor pre, boolean augment) {
    return new ImageInputs(
        images.toArray(new BufferedImage[0]), pre, augment ? Augmenter.standard(pre) : null);
  }

  @Override
  public Shape shape(int n) {
    return new Shape(n, 3, pre.size(), pre.size());
  }

  @Override
  public float[] batch(int[] idx, Random r, boolean train) {
    int len = pre.length();
    float[] out = new float[idx.length * len];
    for (int i = 0; i < idx.length; i++) {
      float[] img = train && augmenter != null ? augmenter.apply(images[idx[i]], r) : plain(idx[i]);
      System.arraycopy(img, 0, out, i * len, len);
    }
    return out;
  }

  private float[] plain(int i) {
    if (plain[i] == null) {
      plain[i] = pre.toTensorData(images[i]);
    }
    return plain[i];
  }
}
