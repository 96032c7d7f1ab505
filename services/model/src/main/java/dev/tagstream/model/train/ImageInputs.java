package dev.tagstream.model.train;

import ai.djl.ndarray.types.Shape;
import dev.tagstream.model.data.ImageLoader;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.Augmenter;
import dev.tagstream.model.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;

/**
 * Decoded images held in memory (decoded once, on two threads); training batches are augmented views,
 * evaluation batches the plain preprocessed image (cached, since it never changes).
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

  static ImageInputs decode(List<ManifestEntry> entries, ImagePreprocessor pre, boolean augment) {
    BufferedImage[] images = new BufferedImage[entries.size()];
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<BufferedImage>> futures = new ArrayList<>();
      for (ManifestEntry e : entries) {
        futures.add(pool.submit(() -> ImageLoader.load(e.uri())));
      }
      for (int i = 0; i < images.length; i++) {
        images[i] = futures.get(i).get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decoding images", e);
    } finally {
      pool.shutdownNow();
    }
    return new ImageInputs(images, pre, augment ? Augmenter.standard(pre) : null);
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
