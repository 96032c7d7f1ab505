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
 * (side as a share of the scene's side). What the manifests cannot say: which object a human would
 * name first (the salient regime).
 */
public final class SceneLayouts {
  public static final String FILE = "scenes.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SceneLayouts() {}

  /** One scene's objects, largest first. */
  public record Layout(String id, List<String> labels, List<Double> sides) {
    public Layout {
      labels = List.copyOf(labels);
      sides = List.copyOf(sides);
      if (labels.isEmpty() || labels.size() != sides.size()) {
        throw new DatasetException(
            "scene " + id + ": needs one side per label and at least one label");
      }
    }

    /** The label of the largest object. */
    public String salient() {
      return labels.get(0);
    }
  }

  static Layout of(String id, List<String> labels, List<Double> sides, double sceneSide) {
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
        order.stream().map(i -> Math.round(sides.get(i) / sceneSide * 1e4) / 1e4).toList());
  }

  static void write(Path file, Collection<Layout> layouts) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Layout l : layouts) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", l.id());
        ArrayNode objects = o.putArray("objects");
        for (int i = 0; i < l.labels().size(); i++) {
          objects.addObject().put("label", l.labels().get(i)).put("side", l.sides().get(i));
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
        for (JsonNode obj : o.path("objects")) {
          labels.add(obj.path("label").asText());
          sides.add(obj.path("side").asDouble());
        }
        if (!o.path("id").isTextual()) {
          throw new DatasetException(file + " line " + n + ": no id");
        }
        out.put(o.get("id").asText(), new Layout(o.get("id").asText(), labels, sides));
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
