package dev.tagstream.datasets;

import dev.tagstream.contracts.LabelState;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Tiny generated PNGs of one coloured shape each; labels are the shape and the colour, with
 * "polygon" the parent of square and triangle. Training labels are incomplete like real feedback:
 * some images lack their colour. The trainer's tests and {@code bench retrain} train on them.
 */
public final class ShapeScenes {
  public static final List<String> SHAPES = List.of("circle", "square", "triangle");
  public static final List<String> COLOURS = List.of("red", "green", "blue");
  private static final Color[] RGB = {
    new Color(220, 30, 30), new Color(30, 180, 30), new Color(30, 60, 220)
  };

  /** One generated image and its complete labels (hierarchy-completed). */
  public record Scene(String id, Path file, String shape, String colour) {
    public List<String> labels() {
      List<String> l = new ArrayList<>(List.of(shape, colour));
      if (!shape.equals("circle")) {
        l.add("polygon");
      }
      return l;
    }
  }

  private ShapeScenes() {}

  public static Vocabulary vocabulary() {
    List<LabelDef> defs = new ArrayList<>();
    defs.add(new LabelDef("polygon", List.of()));
    defs.add(new LabelDef("circle", List.of()));
    defs.add(new LabelDef("square", List.of("polygon")));
    defs.add(new LabelDef("triangle", List.of("polygon")));
    COLOURS.forEach(c -> defs.add(new LabelDef(c, List.of())));
    return Vocabulary.of(defs);
  }

  public static Path writeVocabulary(Path dir) {
    Path f = dir.resolve("labels.json");
    vocabulary().write(f);
    return f;
  }

  public static List<Scene> generate(Path dir, int n, long seed) {
    Random r = new Random(seed);
    List<Scene> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < n; i++) {
        int s = i % 3;
        int c = (i / 3) % 3;
        String id = "img-" + seed + "-" + i;
        Path file = dir.resolve(id + ".png");
        ImageIO.write(draw(SHAPES.get(s), RGB[c], r), "png", file.toFile());
        out.add(new Scene(id, file, SHAPES.get(s), COLOURS.get(c)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static BufferedImage draw(String shape, Color colour, Random r) {
    BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 48, 48);
    g.setColor(colour);
    int size = 20 + r.nextInt(14);
    int x = r.nextInt(48 - size);
    int y = r.nextInt(48 - size);
    switch (shape) {
      case "circle" -> g.fillOval(x, y, size, size);
      case "square" -> g.fillRect(x, y, size, size);
      default ->
          g.fillPolygon(
              new int[] {x, x + size, x + size / 2}, new int[] {y + size, y + size, y}, 3);
    }
    g.dispose();
    return img;
  }

  /**
   * The label state feedback would hold: complete labels, except that every fourth image lacks its
   * colour.
   */
  public static LabelState state(Scene s, int index, long confirmations) {
    List<String> pos = new ArrayList<>(s.labels());
    if (index % 4 == 3) {
      pos.remove(s.colour());
    }
    return state(s, pos, confirmations);
  }

  /**
   * Wrong feedback: the shape and the colour each shifted to the next one (hierarchy-completed).
   */
  public static List<String> shiftedLabels(Scene s) {
    String shape = SHAPES.get((SHAPES.indexOf(s.shape()) + 1) % 3);
    String colour = COLOURS.get((COLOURS.indexOf(s.colour()) + 1) % 3);
    return new Scene(s.id(), s.file(), shape, colour).labels();
  }

  public static LabelState state(Scene s, List<String> positives, long confirmations) {
    return LabelState.newBuilder()
        .setId(s.id())
        .setUri(s.file().toUri().toString())
        .setPositives(positives)
        .setNegatives(List.of())
        .setConfirmations(confirmations)
        .setUpdatedAt(Instant.now())
        .build();
  }
}
