package dev.tagstream.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.train.ProgressBar;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds small datasets from a stand-in package laid out like emoji-datasource-google (art drawn
 * here).
 */
class EmojiScenesBuilderTest {
  EmojiScenesConfig config(Path assets, Path out, String observed) {
    return new EmojiScenesConfig(
        List.of("google"),
        out,
        30,
        10,
        12,
        5,
        ObservedLabels.parse(observed),
        64,
        assets,
        out.resolve("cache"));
  }

  @Test
  void writesLabelsManifestsAndImagesWithTestAlwaysFull(@TempDir Path dir) throws Exception {
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    Path out = dir.resolve("ds");
    var summary =
        new EmojiScenesBuilder(config(assets, out, "single"), ProgressBar.silent()).build();
    Vocabulary v = Vocabulary.load(out.resolve("labels.json"));
    assertEquals(2 + 3 + 6, v.size());
    assertEquals(11, summary.labels());
    List<ManifestEntry> train = Manifest.read(out.resolve("train.jsonl"));
    List<ManifestEntry> test = Manifest.read(out.resolve("test.jsonl"));
    assertEquals(30, train.size());
    assertEquals(10, Manifest.read(out.resolve("val.jsonl")).size());
    assertEquals(12, test.size());
    assertEquals("es-train-000000", train.get(0).id());
    train.forEach(e -> assertEquals(1, e.positives().size(), "single keeps one label"));
    for (ManifestEntry e : test) {
      // Full labels: 1-4 emoji, each with its subcategory and category, closed under the hierarchy.
      assertEquals(v.completeUp(e.positives()), new java.util.HashSet<>(e.positives()));
      long leaves =
          e.positives().stream()
              .filter(l -> v.defs().get(v.indexOf(l)).extra().get("level").equals("emoji"))
              .count();
      assertTrue(leaves >= 1 && leaves <= 4, e.toString());
      BufferedImage img = ImageIO.read(Path.of(java.net.URI.create(e.uri())).toFile());
      assertEquals(64, img.getWidth());
    }
    // Training summary counts: single → exactly 1 observed label per training image.
    assertEquals(1.0, summary.meanObservedLabels(), 1e-12);
    assertTrue(Files.exists(out.resolve("dataset.json")));
    // scenes.jsonl: every image once, its emoji largest first, each of them among the image's full
    // labels
    Map<String, SceneLayouts.Layout> layouts = SceneLayouts.read(out);
    assertEquals(30 + 10 + 12, layouts.size());
    for (ManifestEntry e : test) {
      SceneLayouts.Layout l = layouts.get(e.id());
      assertTrue(e.positives().containsAll(l.labels()), l + " vs " + e);
      for (int i = 1; i < l.sides().size(); i++) {
        assertTrue(l.sides().get(i - 1) >= l.sides().get(i), l.toString());
      }
      l.sides().forEach(side -> assertTrue(side >= 0.25 && side <= 0.55, l.toString()));
      // every centre keeps at least half of its emoji on the canvas (rounded to 1e-4 shares)
      assertTrue(l.placed(), l.toString());
      for (int i = 0; i < l.labels().size(); i++) {
        double half = l.sides().get(i) / 2;
        for (double c : List.of(l.xs().get(i), l.ys().get(i))) {
          assertTrue(c >= half - 1e-4 && c <= 1 - half + 1e-4, l.toString());
        }
      }
    }
  }

  @Test
  void aSetWithOnlyATestSplitReportsItsTrueLabelsPerImageNotZero(@TempDir Path dir)
      throws Exception {
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    Path out = dir.resolve("stream");
    var bytes = new java.io.ByteArrayOutputStream();
    new EmojiScenesBuilder(
            new EmojiScenesConfig(
                List.of("google"),
                out,
                0,
                0,
                12,
                5,
                ObservedLabels.parse("full"),
                64,
                assets,
                out.resolve("cache")),
            new ProgressBar(
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
                false))
        .build();
    double perImage =
        Manifest.read(out.resolve("test.jsonl")).stream()
            .mapToInt(e -> e.positives().size())
            .average()
            .orElseThrow();
    assertTrue(perImage >= 3, "at least one emoji with its subcategory and category: " + perImage);
    String last =
        bytes
            .toString(java.nio.charset.StandardCharsets.UTF_8)
            .strip()
            .lines()
            .reduce((a, b) -> b)
            .orElseThrow();
    assertTrue(
        last.endsWith(
            String.format(
                java.util.Locale.ROOT,
                "12 images, 11 labels, %.2f true labels per test image, all observed",
                perImage)),
        last);
  }

  @Test
  void theSameSeedBuildsTheSameDataset(@TempDir Path dir) throws Exception {
    Path assets = EmojiPackageFixture.write(dir.resolve("assets"));
    new EmojiScenesBuilder(config(assets, dir.resolve("a"), "partial:0.5"), ProgressBar.silent())
        .build();
    new EmojiScenesBuilder(config(assets, dir.resolve("b"), "partial:0.5"), ProgressBar.silent())
        .build();
    List<ManifestEntry> a = Manifest.read(dir.resolve("a/train.jsonl"));
    List<ManifestEntry> b = Manifest.read(dir.resolve("b/train.jsonl"));
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).positives(), b.get(i).positives());
    }
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a/images/test/es-test-000003.png")),
        Files.readAllBytes(dir.resolve("b/images/test/es-test-000003.png")));
  }

  @Test
  void missingArtworkNamesWhatIsMissing(@TempDir Path dir) {
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                new EmojiScenesBuilder(
                        config(dir, dir.resolve("out"), "full"), ProgressBar.silent())
                    .build());
    assertTrue(
        e.getMessage().startsWith("--assets " + dir + " has no img/google/64/"), e.getMessage());
  }

  @Test
  void withoutNpmTheErrorSaysHowToGetTheArtwork(@TempDir Path dir) {
    // A missing executable stands for a machine without Node.js.
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> EmojiAssets.fetch("google", dir, "npm-that-is-not-installed"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "npm is needed to fetch the emoji artwork (emoji-datasource-google@16.0.0)"),
        e.getMessage());
  }
}
