package dev.tagstream.model.train;

import dev.tagstream.model.data.ImageSource;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.data.UnreadableImageException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Manifest images read through an {@link ImageSource} on two threads, in manifest order. An image
 * the source cannot read ({@link UnreadableImageException}) is left out and counted, so one missing
 * file or refused URL never fails a training or an evaluation; any other error still does.
 */
final class ManifestImages implements AutoCloseable {
  /**
   * The readable entries in manifest order, what was made of each one's image, and how many were
   * left out.
   */
  record Read<T>(List<ManifestEntry> entries, List<T> values, int unreadable) {
    Read {
      entries = List.copyOf(entries);
      values = List.copyOf(values);
    }
  }

  private final ImageSource source;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  ManifestImages(ImageSource source) {
    this.source = source;
  }

  /**
   * Reads every entry's image and applies {@code then} to it on the reading thread (decode and
   * preprocess together).
   */
  <T> Read<T> read(List<ManifestEntry> entries, Function<BufferedImage, T> then) {
    List<Future<T>> futures = new ArrayList<>(entries.size());
    for (ManifestEntry e : entries) {
      futures.add(pool.submit(() -> then.apply(source.read(e.uri()))));
    }
    List<ManifestEntry> kept = new ArrayList<>(entries.size());
    List<T> values = new ArrayList<>(entries.size());
    int unreadable = 0;
    try {
      for (int i = 0; i < entries.size(); i++) {
        try {
          values.add(futures.get(i).get());
          kept.add(entries.get(i));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnreadableImageException)) {
            throw e.getCause() instanceof RuntimeException re
                ? re
                : new IllegalStateException(e.getCause());
          }
          unreadable++;
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading images", e);
    }
    return new Read<>(kept, values, unreadable);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
