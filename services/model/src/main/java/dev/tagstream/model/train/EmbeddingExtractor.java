package dev.tagstream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Backbone embeddings of manifest images through an EmbeddingCache: only images missing from the cache are decoded. */
final class EmbeddingExtractor {
  private EmbeddingExtractor() {}

  static float[][] embed(Block backbone, NDManager manager, ImagePreprocessor pre, List<ManifestEntry> entries,
      EmbeddingCache cache, Path cacheFile, ProgressBar progress) throws IOException {
    List<ManifestEntry> missing = new ArrayList<>();
    for (ManifestEntry e : entries) {
      if (cache.get(e.id()) == null) {
        missing.add(e);
      }
    }
    if (!missing.isEmpty()) {
      progress.start("embed", missing.size());
      ImageInputs in = ImageInputs.decode(missing, pre, false);
      for (int s = 0; s < missing.size(); s += 64) {
        int[] idx = new int[Math.min(64, missing.size() - s)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = s + i;
        }
        try (NDManager batch = manager.newSubManager()) {
          NDArray x = batch.create(in.batch(idx, null, false), in.shape(idx.length));
          float[] e = backbone.forward(new ParameterStore(batch, false), new NDList(x), false)
              .singletonOrThrow().toFloatArray();
          for (int i = 0; i < idx.length; i++) {
            float[] row = new float[cache.dim()];
            System.arraycopy(e, i * cache.dim(), row, 0, cache.dim());
            cache.put(missing.get(s + i).id(), row);
          }
        }
        progress.update(s + idx.length, 0);
      }
      progress.finish("embedded " + missing.size() + " images (" + (entries.size() - missing.size()) + " cached)");
      if (cacheFile != null) {
        cache.save(cacheFile);
      }
    }
    float[][] out = new float[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      out[i] = cache.get(entries.get(i).id());
    }
    return out;
  }
}
