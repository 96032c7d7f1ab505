package dev.tagstream.bench;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.model.data.ImageLoader;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.ResNetBackbone;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.EmbeddingCache;
import dev.tagstream.model.train.ProgressBar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds scenes once with the frozen pretrained backbone (inference mode), through an
 * EmbeddingCache file keyed by the backbone file's content, so repeated benchmark runs decode
 * nothing.
 */
final class SceneEmbedder {
  private final BackboneSpec spec;
  private final Path backboneFile;
  private final EmbeddingCache cache;
  private final Path cacheFile;

  SceneEmbedder(BackboneSpec spec, Path backboneFile, Path cacheFile) {
    this.spec = spec;
    this.backboneFile = backboneFile;
    this.cacheFile = cacheFile;
    try {
      this.cache =
          EmbeddingCache.load(cacheFile, Fingerprint.ofFile(backboneFile), spec.embeddingDim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Embedding rows in the order of {@code entries}. */
  float[][] embed(List<ManifestEntry> entries, ProgressBar progress) {
    List<ManifestEntry> missing = entries.stream().filter(e -> cache.get(e.id()) == null).toList();
    if (!missing.isEmpty()) {
      compute(missing, progress);
    }
    float[][] out = new float[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      out[i] = cache.get(entries.get(i).id());
    }
    return out;
  }

  private void compute(List<ManifestEntry> missing, ProgressBar progress) {
    ImagePreprocessor pre = new ImagePreprocessor(spec.inputSize());
    int side = spec.inputSize();
    int dim = spec.embeddingDim();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block backbone = ResNetBackbone.build(spec);
      backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
      TaggerNetwork.load(backbone, manager, backboneFile);
      progress.start("embed", missing.size());
      for (int s = 0; s < missing.size(); s += 64) {
        List<ManifestEntry> chunk = missing.subList(s, Math.min(missing.size(), s + 64));
        float[] x = new float[chunk.size() * pre.length()];
        for (int i = 0; i < chunk.size(); i++) {
          System.arraycopy(
              pre.toTensorData(ImageLoader.load(chunk.get(i).uri())),
              0,
              x,
              i * pre.length(),
              pre.length());
        }
        try (NDManager batch = manager.newSubManager()) {
          NDArray input = batch.create(x, new Shape(chunk.size(), 3, side, side));
          float[] e =
              backbone
                  .forward(new ParameterStore(batch, false), new NDList(input), false)
                  .singletonOrThrow()
                  .toFloatArray();
          for (int i = 0; i < chunk.size(); i++) {
            float[] row = new float[dim];
            System.arraycopy(e, i * dim, row, 0, dim);
            cache.put(chunk.get(i).id(), row);
          }
        }
        progress.update(s + chunk.size(), Double.NaN);
      }
      progress.finish("embedded " + missing.size() + " scenes");
      cache.save(cacheFile);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException(
          "cannot embed scenes with " + backboneFile + ": " + e.getMessage(), e);
    }
  }
}
