package dev.tagstream.bench;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.tagstream.datasets.SceneLayouts;
import dev.tagstream.model.data.ImageLoader;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.image.ImagePreprocessor;
import dev.tagstream.model.nn.BackboneSpec;
import dev.tagstream.model.nn.ResNetBackbone;
import dev.tagstream.model.nn.TaggerNetwork;
import dev.tagstream.model.train.EmbeddingCache;
import dev.tagstream.model.train.ProgressBar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

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
      compute(
          missing.stream().map(ManifestEntry::id).toList(),
          i -> ImageLoader.load(missing.get(i).uri()),
          "scenes",
          progress);
    }
    float[][] out = new float[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      out[i] = cache.get(entries.get(i).id());
    }
    return out;
  }

  /**
   * Per entry, the embeddings of its objects' crops (largest first; the layout's boxes), or null
   * for an entry whose layout has no positions. Cached under "id#object".
   */
  float[][][] embedObjects(
      List<ManifestEntry> entries, Map<String, SceneLayouts.Layout> layouts, ProgressBar progress) {
    List<String> keys = new ArrayList<>();
    List<ManifestEntry> scenes = new ArrayList<>();
    List<Integer> objects = new ArrayList<>();
    for (ManifestEntry e : entries) {
      SceneLayouts.Layout l = layouts.get(e.id());
      for (int o = 0; l != null && l.placed() && o < l.labels().size(); o++) {
        if (cache.get(objectKey(e.id(), o)) == null) {
          keys.add(objectKey(e.id(), o));
          scenes.add(e);
          objects.add(o);
        }
      }
    }
    if (!keys.isEmpty()) {
      BufferedImage[] last = new BufferedImage[1];
      String[] lastUri = new String[1];
      compute(
          keys,
          i -> {
            ManifestEntry e = scenes.get(i);
            if (!e.uri().equals(lastUri[0])) { // a scene's objects come one after another
              last[0] = ImageLoader.load(e.uri());
              lastUri[0] = e.uri();
            }
            int[] b = layouts.get(e.id()).box(objects.get(i), last[0].getWidth());
            return last[0].getSubimage(b[0], b[1], b[2] - b[0], b[3] - b[1]);
          },
          "objects",
          progress);
    }
    float[][][] out = new float[entries.size()][][];
    for (int i = 0; i < entries.size(); i++) {
      SceneLayouts.Layout l = layouts.get(entries.get(i).id());
      if (l != null && l.placed()) {
        out[i] = new float[l.labels().size()][];
        for (int o = 0; o < out[i].length; o++) {
          out[i][o] = cache.get(objectKey(entries.get(i).id(), o));
        }
      }
    }
    return out;
  }

  private static String objectKey(String id, int object) {
    return id + "#" + object;
  }

  /** Embeds image {@code i} of {@code keys} under that key, in batches of 64, then saves. */
  private void compute(
      List<String> keys, IntFunction<BufferedImage> image, String what, ProgressBar progress) {
    ImagePreprocessor pre = new ImagePreprocessor(spec.inputSize());
    int side = spec.inputSize();
    int dim = spec.embeddingDim();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block backbone = ResNetBackbone.build(spec);
      backbone.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
      TaggerNetwork.load(backbone, manager, backboneFile);
      progress.start("embed " + what, keys.size());
      for (int s = 0; s < keys.size(); s += 64) {
        List<String> chunk = keys.subList(s, Math.min(keys.size(), s + 64));
        float[] x = new float[chunk.size() * pre.length()];
        for (int i = 0; i < chunk.size(); i++) {
          System.arraycopy(
              pre.toTensorData(image.apply(s + i)), 0, x, i * pre.length(), pre.length());
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
            cache.put(chunk.get(i), row);
          }
        }
        progress.update(s + chunk.size(), Double.NaN);
      }
      progress.finish("embedded " + keys.size() + " " + what);
      cache.save(cacheFile);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException(
          "cannot embed " + what + " with " + backboneFile + ": " + e.getMessage(), e);
    }
  }
}
