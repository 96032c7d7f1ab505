package dev.tagstream.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A stand-in for an unpacked emoji-datasource-google package (emoji.json plus 64 px art drawn
 * here), so tests build EmojiScenes without the network: 6 emoji in 3 subcategories of 2
 * categories.
 */
public final class EmojiPackageFixture {
  private EmojiPackageFixture() {}

  /** Writes the package under {@code root}; pass {@code root} as the builder's assets folder. */
  public static Path write(Path root) throws Exception {
    Path pkg = root.resolve("emoji-datasource-google").resolve("package");
    Path art = Files.createDirectories(pkg.resolve("img/google/64"));
    ObjectMapper json = new ObjectMapper();
    ArrayNode list = json.createArrayNode();
    String[][] defs = {
      {"red", "Shapes", "warm"},
      {"orange", "Shapes", "warm"},
      {"blue", "Shapes", "cold"},
      {"cyan", "Shapes", "cold"},
      {"green", "Plants", "leaf"},
      {"lime", "Plants", "leaf"}
    };
    Color[] colors = {
      Color.RED, Color.ORANGE, Color.BLUE, Color.CYAN, Color.GREEN, new Color(180, 255, 0)
    };
    for (int i = 0; i < defs.length; i++) {
      list.addObject()
          .put("short_name", defs[i][0])
          .put("unified", "E00" + i)
          .put("category", defs[i][1])
          .put("subcategory", defs[i][2])
          .put("image", defs[i][0] + ".png")
          .put("sort_order", i)
          .put("has_img_google", true);
      BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = img.createGraphics();
      g.setColor(colors[i]);
      g.fillOval(4, 4, 56, 56);
      g.dispose();
      ImageIO.write(img, "png", art.resolve(defs[i][0] + ".png").toFile());
    }
    json.writeValue(pkg.resolve("emoji.json").toFile(), list);
    return root;
  }
}
