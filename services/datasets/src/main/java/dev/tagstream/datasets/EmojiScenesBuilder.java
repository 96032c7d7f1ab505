package dev.tagstream.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.train.ProgressBar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * Builds an EmojiScenes dataset: {@code labels.json}, {@code train/val/test.jsonl} manifests (test
 * always with full labels) and PNG scenes under {@code images/}. Deterministic for a seed, whatever
 * the thread count: each image draws from its own random stream derived from (seed, split, index).
 */
public final class EmojiScenesBuilder {
  private final EmojiScenesConfig cfg;
  private final ProgressBar progress;
  private final Map<String, BufferedImage> sprites = new ConcurrentHashMap<>();

  public EmojiScenesBuilder(EmojiScenesConfig cfg, ProgressBar progress) {
    this.cfg = cfg;
    this.progress = progress;
  }

  /** What was built. */
  public record Summary(
      int labels, Map<String, Integer> images, double meanTrueLabels, double meanObservedLabels) {}

  public Summary build() {
    Map<String, Path> packages = new LinkedHashMap<>();
    for (String v : cfg.vendors()) {
      packages.put(v, EmojiAssets.locate(v, cfg.assets(), cfg.cache()));
    }
    EmojiCatalog catalog =
        EmojiCatalog.load(packages.values().iterator().next().resolve("emoji.json"), cfg.vendors());
    Vocabulary vocab = Vocabulary.of(catalog.labels());
    try {
      Files.createDirectories(cfg.out());
    } catch (IOException e) {
      throw new DatasetException("cannot create " + cfg.out() + ": " + e.getMessage(), e);
    }
    vocab.write(cfg.out().resolve("labels.json"));

    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("train", cfg.train());
    counts.put("val", cfg.val());
    counts.put("test", cfg.test());
    long total = cfg.train() + (long) cfg.val() + cfg.test();
    progress.start("emoji-scenes", total);
    AtomicLong done = new AtomicLong();
    double[] sums = new double[3]; // true labels, observed labels, observed images
    double[] testSums =
        new double[2]; // true labels, images: a set with only a test split (the demo's stream)
    SceneRenderer renderer = new SceneRenderer(cfg.size());
    List<SceneLayouts.Layout> layouts = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    try {
      int splitIndex = 0;
      for (var split : counts.entrySet()) {
        ObservedLabels observed =
            split.getKey().equals("test") ? ObservedLabels.parse("full") : cfg.observed();
        Path dir = cfg.out().resolve("images").resolve(split.getKey());
        Files.createDirectories(dir);
        List<Future<Drawn>> futures = new ArrayList<>();
        for (int i = 0; i < split.getValue(); i++) {
          long streamSeed = mix(cfg.seed(), splitIndex, i);
          String id = cfg.idPrefix() + "-" + split.getKey() + "-" + String.format("%06d", i);
          futures.add(
              pool.submit(
                  () -> {
                    Drawn d =
                        scene(
                            renderer,
                            catalog,
                            vocab,
                            observed,
                            dir,
                            id,
                            new SplittableRandom(streamSeed));
                    progress.update(done.incrementAndGet(), Double.NaN);
                    return d;
                  }));
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (Future<Drawn> f : futures) {
          Drawn d = f.get();
          entries.add(d.observed());
          layouts.add(d.layout());
          if (!split.getKey().equals("test")) {
            sums[0] += d.full().positives().size();
            sums[1] += d.observed().positives().size();
            sums[2]++;
          } else {
            testSums[0] += d.full().positives().size();
            testSums[1]++;
          }
        }
        Manifest.write(cfg.out().resolve(split.getKey() + ".jsonl"), entries);
        splitIndex++;
      }
      SceneLayouts.write(cfg.out().resolve(SceneLayouts.FILE), layouts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new DatasetException("building a scene failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    Summary summary =
        new Summary(
            vocab.size(),
            counts,
            sums[2] == 0 ? 0 : sums[0] / sums[2],
            sums[2] == 0 ? 0 : sums[1] / sums[2]);
    progress.finish(
        sums[2] > 0
            ? String.format(
                java.util.Locale.ROOT,
                "%d images, %d labels, %.2f true / %.2f observed labels per training image",
                total,
                summary.labels(),
                summary.meanTrueLabels(),
                summary.meanObservedLabels())
            : String.format(
                java.util.Locale.ROOT,
                "%d images, %d labels, %.2f true labels per test image, all observed",
                total,
                summary.labels(),
                testSums[1] == 0 ? 0 : testSums[0] / testSums[1]));
    writeSummary(summary);
    return summary;
  }

  /** One written scene: its full-label entry, its observed entry and its layout. */
  private record Drawn(ManifestEntry full, ManifestEntry observed, SceneLayouts.Layout layout) {}

  /** Renders and writes one scene. */
  private Drawn scene(
      SceneRenderer renderer,
      EmojiCatalog catalog,
      Vocabulary vocab,
      ObservedLabels observed,
      Path dir,
      String id,
      SplittableRandom rng)
      throws IOException {
    List<EmojiCatalog.Emoji> all = catalog.emoji();
    SceneRenderer.Scene s =
        renderer.render(
            rng,
            all.size(),
            i -> {
              EmojiCatalog.Emoji e = all.get(i);
              return sprite(e.vendors().get(rng.nextInt(e.vendors().size())), e.image());
            });
    List<String> leaves = s.emoji().stream().map(i -> all.get(i).label()).toList();
    List<String> truth = new ArrayList<>(vocab.completeUp(leaves));
    truth.sort(null); // a stable order, so "single" draws the same label for the same seed
    Path file = dir.resolve(id + ".png");
    ImageIO.write(s.image(), "png", file.toFile());
    String uri = file.toAbsolutePath().toUri().toString();
    SceneLayouts.Layout layout = SceneLayouts.of(id, leaves, s.sides(), s.xs(), s.ys(), cfg.size());
    return new Drawn(
        new ManifestEntry(id, uri, truth, List.of()),
        new ManifestEntry(id, uri, observed.observe(truth, layout.salient(), rng), List.of()),
        layout);
  }

  private BufferedImage sprite(String vendor, String image) {
    return sprites.computeIfAbsent(
        vendor + "/" + image,
        k -> {
          Path p =
              EmojiAssets.locate(vendor, cfg.assets(), cfg.cache())
                  .resolve("img")
                  .resolve(vendor)
                  .resolve("64")
                  .resolve(image);
          try {
            BufferedImage img = ImageIO.read(p.toFile());
            if (img == null) {
              throw new DatasetException("not an image: " + p);
            }
            return img;
          } catch (IOException e) {
            throw new DatasetException("cannot read emoji art " + p + ": " + e.getMessage(), e);
          }
        });
  }

  private void writeSummary(Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator", "tagstream dataset emoji-scenes");
    m.put("vendors", cfg.vendors());
    m.put("emojiDatasourceVersion", EmojiAssets.VERSION);
    m.put("seed", cfg.seed());
    m.put("observed", cfg.observed().toString());
    m.put("size", cfg.size());
    m.put("labels", s.labels());
    m.put("images", s.images());
    m.put("meanTrueLabelsPerTrainingImage", s.meanTrueLabels());
    m.put("meanObservedLabelsPerTrainingImage", s.meanObservedLabels());
    try {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(cfg.out().resolve("dataset.json").toFile(), m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SplitMix-style mixing of (seed, split, index) into one stream seed. */
  static long mix(long seed, int split, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + split * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
