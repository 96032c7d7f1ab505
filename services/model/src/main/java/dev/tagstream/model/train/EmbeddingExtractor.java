package dev.tagstream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Backbone embeddings of manifest images through an EmbeddingCache: only images missing from the
 * cache are read and decoded. An image that is neither cached nor readable is left out (and
 * counted) in the result.
 */
final class EmbeddingExtractor {
  private EmbeddingExtractor() {}

  static ManifestImages.Read<float[]> embed(
      Block backbone,
      NDManager manager,
      ImagePreprocessor pre,
      List<ManifestEntry> entries,
      EmbeddingCache cache,
      Path cacheFile,
      ProgressBar progress,
      ManifestImages images)
      throws IOException {
    List<ManifestEntry> missing = new ArrayList<>();
    for (ManifestEntry e : entries) {
      if (cache.get(e.id()) == null) {
        missing.add(e);
      }
    }
    int unreadable = 0;
    if (!missing.isEmpty()) {
      progress.start("embed", missing.size());
      ManifestImages.Read<BufferedImage> read = images.read(missing, Function.identity());
      unreadable = read.unreadable();
      List<ManifestEntry> readable = read.entries();
      ImageInputs in = ImageInputs.of(read.values(), pre, false);
      for (int s = 0; s < readable.size(); s += 64) {
        int[] idx = new int[Math.min(64, readable.size() - s)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = s + i;
        }
        try (NDManager batch = manager.newSubManager()) {
          NDArray x = batch.create(in.batch(idx, null, false), in.shape(idx.length));
          float[] e =
              backbone
                  .forward(new ParameterStore(batch, false), new NDList(x), false)
                  .singletonOrThrow()
                  .toFloatArray();
          for (int i = 0; i < idx.length; i++) {
            float[] row = new float[cache.dim()];
            System.arraycopy(e, i * cache.dim(), row, 0, cache.dim());
            cache.put(readable.get(s + i).id(), row);
          }
        }
        progress.update(s + idx.length, 0);
      }
      progress.finish(
          "embedded "
              + readable.size()
              + " images ("
              + (entries.size() - missing.size())
              + " cached)"
              + (unreadable > 0 ? "; left out " + unreadable + " unreadable" : ""));
      if (cacheFile != null && !readable.isEmpty()) {
        cache.save(cacheFile);
      }
    }
    List<ManifestEntry> kept = new ArrayList<>(entries.size());
    List<float[]> out = new ArrayList<>(entries.size());
    for (ManifestEntry e : entries) {
      float[] v = cache.get(e.id());
      if (v != null) {
        kept.add(e);
        out.add(v);
      }
    }
    return new ManifestImages.Read<>(kept, out, unreadable);
  }
}
