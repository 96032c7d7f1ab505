package dev.tagstream.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scenes.jsonl} of an EmojiScenes dataset: per image, its emoji labels by decreasing size
 * (side as a share of the scene's side) and where each one's centre is (x, y as shares of the
 * side). What the manifests cannot say: which object a human would name first (the salient regime)
 * and where the objects are (a class-agnostic detector's boxes, for per-object pseudo-labels).
 */
public final class SceneLayouts {
  public static final String FILE = "scenes.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SceneLayouts() {}

  /**
   * One scene's objects, largest first; {@code xs} and {@code ys} are empty in a file written
   * before positions were recorded.
   */
  public record Layout(
      String id, List<String> labels, List<Double> sides, List<Double> xs, List<Double> ys) {
    public Layout {
      labels = List.copyOf(labels);
      sides = List.copyOf(sides);
      xs = List.copyOf(xs);
      ys = List.copyOf(ys);
      if (labels.isEmpty() || labels.size() != sides.size()) {
        throw new DatasetException(
            "scene " + id + ": needs one side per label and at least one label");
      }
      if (xs.size() != ys.size() || !(xs.isEmpty() || xs.size() == labels.size())) {
        throw new DatasetException(
            "scene " + id + ": needs an x and a y for every object, or for none");
      }
    }

    public Layout(String id, List<String> labels, List<Double> sides) {
      this(id, labels, sides, List.of(), List.of());
    }

    /**
     * Object {@code o}'s box in a scene of {@code pixels} side: {x0, y0, x1, y1}, a square large
     * enough for the emoji at any angle the renderer turns it, moved inside the scene where it
     * would cross the edge (so a crop keeps the emoji's shape).
     */
    // s = ⌈side · (cos θ + sin θ)⌉,  x0 = clamp(round(x − s/2), 0, pixels − s),  θ = max angle
    public int[] box(int o, int pixels) {
      if (!placed()) {
        throw new DatasetException("scene " + id + ": the layout has no positions");
      }
      double theta = Math.toRadians(SceneRenderer.MAX_ANGLE_DEGREES);
      int s =
          (int)
              Math.min(
                  pixels, Math.ceil(sides.get(o) * pixels * (Math.cos(theta) + Math.sin(theta))));
      int x0 = clamp(Math.round(xs.get(o) * pixels - s / 2.0), pixels - s);
      int y0 = clamp(Math.round(ys.get(o) * pixels - s / 2.0), pixels - s);
      return new int[] {x0, y0, x0 + s, y0 + s};
    }

    private static int clamp(long v, int max) {
      return (int) Math.max(0, Math.min(max, v));
    }

    /** Whether the file recorded where each object is. */
    public boolean placed() {
      return !xs.isEmpty();
    }

    /** The label of the largest object. */
    public String salient() {
      return labels.get(0);
    }
  }

  /** Sides and centres in pixels (drawing order), as shares of the side, largest first. */
  static Layout of(
      String id,
      List<String> labels,
      List<Double> sides,
      List<Double> xs,
      List<Double> ys,
      double sceneSide) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      order.add(i);
    }
    order.sort(
        (a, b) ->
            Double.compare(sides.get(b), sides.get(a))); // stable: the first drawn among equals
    return new Layout(
        id,
        order.stream().map(labels::get).toList(),
        order.stream().map(i -> share(sides.get(i), sceneSide)).toList(),
        order.stream().map(i -> share(xs.get(i), sceneSide)).toList(),
        order.stream().map(i -> share(ys.get(i), sceneSide)).toList());
  }

  private static double share(double pixels, double sceneSide) {
    return Math.round(pixels / sceneSide * 1e4) / 1e4;
  }

  static void write(Path file, Collection<Layout> layouts) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Layout l : layouts) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", l.id());
        ArrayNode objects = o.putArray("objects");
        for (int i = 0; i < l.labels().size(); i++) {
          ObjectNode obj =
              objects.addObject().put("label", l.labels().get(i)).put("side", l.sides().get(i));
          if (l.placed()) {
            obj.put("x", l.xs().get(i)).put("y", l.ys().get(i));
          }
        }
        w.write(JSON.writeValueAsString(o));
        w.newLine();
      }
    } catch (IOException e) {
      throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Layouts by image id; an empty map when the dataset has no scenes.jsonl (built before it
   * existed).
   */
  public static Map<String, Layout> read(Path dataset) {
    Path file = dataset.resolve(FILE);
    Map<String, Layout> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode o = JSON.readTree(line);
        List<String> labels = new ArrayList<>();
        List<Double> sides = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (JsonNode obj : o.path("objects")) {
          labels.add(obj.path("label").asText());
          sides.add(obj.path("side").asDouble());
          if (obj.has("x") && obj.has("y")) {
            xs.add(obj.get("x").asDouble());
            ys.add(obj.get("y").asDouble());
          }
        }
        if (!o.path("id").isTextual()) {
          throw new DatasetException(file + " line " + n + ": no id");
        }
        out.put(o.get("id").asText(), new Layout(o.get("id").asText(), labels, sides, xs, ys));
      }
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The salient label of each id, for {@link ObservedManifests#derive}. */
  public static Map<String, String> salient(Map<String, Layout> layouts) {
    Map<String, String> out = new LinkedHashMap<>();
    layouts.forEach((id, l) -> out.put(id, l.salient()));
    return out;
  }
}
