package dev.tagstream.datasets;

import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Observed-label manifests derived from full-label ones, so regimes ({@code full}, {@code single},
 * {@code partial:P}) share the same images: each entry draws from its own stream seeded by (seed,
 * id), so the draw of one image does not depend on the order or number of the others.
 */
public final class ObservedManifests {
  private ObservedManifests() {}

  /**
   * The entries with only the positives {@code observed} reveals; negatives are kept as they are.
   * {@code salient} gives each id's largest object (SceneLayouts; only the salient regime needs it,
   * others may pass an empty map).
   */
  public static List<ManifestEntry> derive(
      List<ManifestEntry> full, ObservedLabels observed, long seed, Map<String, String> salient) {
    if (observed.mode() == ObservedLabels.Mode.SALIENT && salient.isEmpty()) {
      throw new DatasetException(
          "the salient regime needs the dataset's "
              + SceneLayouts.FILE
              + " (rebuild it with this version of tagstream dataset emoji-scenes)");
    }
    List<ManifestEntry> out = new ArrayList<>(full.size());
    for (ManifestEntry e : full) {
      List<String> truth = new ArrayList<>(e.positives());
      truth.sort(
          null); // the builder's order, so the draw does not depend on how the manifest listed them
      SplittableRandom rng = new SplittableRandom(streamSeed(seed, e.id()));
      out.add(
          new ManifestEntry(
              e.id(), e.uri(), observed.observe(truth, salient.get(e.id()), rng), e.negatives()));
    }
    return List.copyOf(out);
  }

  /**
   * Writes {@code train.jsonl} and {@code val.jsonl} of {@code from} (a dataset built with {@code
   * --observed full}) as observed under {@code observed} into {@code to}; {@code test.jsonl} is
   * copied with its full labels.
   */
  public static void write(Path from, Path to, ObservedLabels observed, long seed) {
    try {
      Files.createDirectories(to);
      Map<String, String> salient = SceneLayouts.salient(SceneLayouts.read(from));
      for (String split : List.of("train", "val")) {
        Manifest.write(
            to.resolve(split + ".jsonl"),
            derive(Manifest.read(from.resolve(split + ".jsonl")), observed, seed, salient));
      }
      Manifest.write(to.resolve("test.jsonl"), Manifest.read(from.resolve("test.jsonl")));
      Files.copy(
          from.resolve("labels.json"),
          to.resolve("labels.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new DatasetException(
          "cannot derive observed manifests from " + from + " into " + to + ": " + e.getMessage(),
          e);
    }
  }

  /** SplitMix-style mix of the seed and the id's characters. */
  static long streamSeed(long seed, String id) {
    long z = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < id.length(); i++) {
      z = (z ^ id.charAt(i)) * 0xBF58476D1CE4E5B9L;
      z ^= z >>> 31;
    }
    return z;
  }
}
