package dev.tagstream.bench.worker;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The benches' images: the PNG/JPEG files of a folder, or generated PNGs (bench worker, bench
 * peers).
 */
public final class BenchImages {
  private BenchImages() {}

  /** Every .png/.jpg/.jpeg file under dir, sorted; fails if there is none. */
  public static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files =
          s.filter(Files::isRegularFile)
              .filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g)$"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no .png/.jpg files under " + dir);
      }
      return files;
    }
  }

  /**
   * At most 1,000 distinct PNGs with some structure (not flat colour), so decoding costs what real
   * small images cost. Opaque ovals on a transparent background: alpha is 0 or 255 only, so
   * compositing on white is exact in any decoder (the peers' agreement check relies on that).
   */
  public static List<Path> generate(Path dir, int n, int size) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, 1000); i++) {
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      for (int k = 0; k < 6; k++) {
        g.setColor(new Color(Color.HSBtoRGB(((i * 7 + k * 13) % 97) / 97f, 0.7f, 0.9f)));
        int x = (i * 31 + k * 17) % size;
        int y = (i * 11 + k * 29) % size;
        g.fillOval(x - size / 4, y - size / 4, size / 2, size / 2);
      }
      g.dispose();
      Path p = dir.resolve("img-" + i + ".png");
      ImageIO.write(img, "png", p.toFile());
      out.add(p);
    }
    return out;
  }
}
