package dev.tagstream.model.train;

import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A tiny real-file dataset built in a temp dir: 16 px PNGs whose colour is red, green or blue
 * (children of "colour") and which may be "striped". Training rows observe one label; val/test rows
 * carry all.
 */
public final class TinyDataset {
  public static final String[] COLOURS = {"red", "green", "blue"};

  public final Path dir;
  public final Vocabulary vocabulary;
  public final List<ManifestEntry> train;
  public final List<ManifestEntry> val;
  public final List<ManifestEntry> test;

  private TinyDataset(
      Path dir,
      Vocabulary v,
      List<ManifestEntry> train,
      List<ManifestEntry> val,
      List<ManifestEntry> test) {
    this.dir = dir;
    this.vocabulary = v;
    this.train = train;
    this.val = val;
    this.test = test;
  }

  public static TinyDataset create(Path dir, int trainSize, int evalSize) throws IOException {
    Vocabulary v =
        Vocabulary.of(
            List.of(
                new LabelDef("colour", List.of()),
                new LabelDef("red", List.of("colour")),
                new LabelDef("green", List.of("colour")),
                new LabelDef("blue", List.of("colour")),
                new LabelDef("striped", List.of())));
    v.write(dir.resolve("labels.json"));
    Random r = new Random(11);
    List<ManifestEntry> train = rows(dir, "train", trainSize, r, true);
    List<ManifestEntry> val = rows(dir, "val", evalSize, r, false);
    List<ManifestEntry> test = rows(dir, "test", evalSize, r, false);
    Manifest.write(dir.resolve("train.jsonl"), train);
    Manifest.write(dir.resolve("val.jsonl"), val);
    Manifest.write(dir.resolve("test.jsonl"), test);
    return new TinyDataset(dir, v, train, val, test);
  }

  private static List<ManifestEntry> rows(Path dir, String split, int n, Random r, boolean partial)
      throws IOException {
    List<ManifestEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      boolean striped = r.nextBoolean();
      BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      Color col = new Color(c == 0 ? 220 : 30, c == 1 ? 200 : 30, c == 2 ? 220 : 30);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          img.setRGB(x, y, striped && y % 4 < 2 ? Color.WHITE.getRGB() : col.getRGB());
        }
      }
      Path f = dir.resolve(split + "-" + i + ".png");
      ImageIO.write(img, "png", f.toFile());
      List<String> pos = new ArrayList<>();
      pos.add(COLOURS[c]);
      if (striped) {
        pos.add("striped");
      }
      List<String> neg = new ArrayList<>();
      if (partial) {
        pos = List.of(pos.get(r.nextInt(pos.size())));
        if (!striped && r.nextBoolean()) {
          neg.add("striped");
        }
      }
      out.add(new ManifestEntry(split + "-" + i, f.toUri().toString(), pos, neg));
    }
    return out;
  }
}
