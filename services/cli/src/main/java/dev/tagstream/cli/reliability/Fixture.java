package dev.tagstream.cli.reliability;

import dev.tagstream.core.images.SampleImages;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.nn.BackboneSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the run needs on disk: a corpus of real PNG files the good references point at, hostile
 * files inside and outside the worker's root, a vocabulary of {@code labels} labels, and the first
 * model (a real network with random weights: the run measures delivery, not accuracy, so a small
 * backbone keeps the workers fast).
 */
record Fixture(
    Path root,
    List<Path> corpus,
    Path outside,
    Path labels,
    Vocabulary vocabulary,
    Path registry,
    ModelArtifact firstModel) {
  static final BackboneSpec SMALL = BackboneSpec.resnet(32, 16, 1, 2);

  static Fixture create(Path dir, int corpusSize, int labels) throws IOException {
    Path root = Files.createDirectories(dir.resolve("images"));
    List<Path> corpus = new ArrayList<>();
    for (int i = 0; i < corpusSize; i++) {
      corpus.add(
          Files.write(root.resolve(String.format("img-%03d.png", i)), SampleImages.png(48, 48, i)));
    }
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.write(outside.resolve("secret.png"), SampleImages.png(48, 48, 999));
    Vocabulary vocabulary = SyntheticModel.vocabulary(labels);
    Path labelsFile = dir.resolve("labels.json");
    vocabulary.write(labelsFile);
    Path registry = Files.createDirectories(dir.resolve("registry"));
    ModelArtifact first =
        SyntheticModel.write(registry.resolve("v0001"), "v0001", vocabulary, SMALL, 0.5f);
    return new Fixture(root, corpus, outside, labelsFile, vocabulary, registry, first);
  }

  /** A good reference's file: the corpus is reused, ids are what make references distinct. */
  String goodUri(long i) {
    return corpus.get((int) (i % corpus.size())).toUri().toString();
  }

  /** Hostile files in the root, one per class the worker must dead-letter; name → file URI. */
  List<String[]> hostileFiles() throws IOException {
    byte[] png = SampleImages.png(48, 48, 1);
    List<String[]> out = new ArrayList<>();
    out.add(
        new String[] {
          "missing-file", root.resolve("no-such-file.png").toUri().toString(), "fetch/not-found"
        });
    out.add(
        new String[] {
          "non-image",
          write("page.png", "<html>not an image</html>".getBytes(StandardCharsets.UTF_8)),
          "decode/not-an-image"
        });
    out.add(
        new String[] {
          "truncated-png",
          write("cut.png", SampleImages.truncated(png, png.length / 2)),
          "decode/truncated"
        });
    out.add(new String[] {"zero-bytes", write("zero.png", new byte[0]), "decode/empty"});
    out.add(
        new String[] {
          "huge-dimensions",
          write("bomb.png", SampleImages.pngHeaderOnly(60_000, 60_000)),
          "decode/too-many-pixels"
        });
    return out;
  }

  private String write(String name, byte[] bytes) throws IOException {
    return Files.write(root.resolve(name), bytes).toUri().toString();
  }
}
