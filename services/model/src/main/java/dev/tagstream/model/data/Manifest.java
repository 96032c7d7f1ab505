package dev.tagstream.model.data;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and writes JSON Lines manifests: {"id","uri","labels":[positives],"negatives":[...]}. */
public final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Manifest() {}

  public static List<ManifestEntry> read(Path file) {
    List<ManifestEntry> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        ManifestEntry e = parse(file.toString(), n, line);
        if (!ids.add(e.id())) {
          throw new ManifestException(file.toString(), n, "duplicate id '" + e.id() + "'", null);
        }
        out.add(e);
      }
    } catch (IOException e) {
      throw new ManifestException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
    return out;
  }

  public static void write(Path file, List<ManifestEntry> entries) {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ManifestEntry e : entries) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("uri", e.uri());
        ArrayNode pos = o.putArray("labels");
        e.positives().forEach(pos::add);
        ArrayNode neg = o.putArray("negatives");
        e.negatives().forEach(neg::add);
        w.write(JSON.writeValueAsString(o));
        w.newLine();
      }
    } catch (IOException e) {
      throw new ManifestException(file.toString(), 0, "cannot write: " + e.getMessage(), e);
    }
  }

  static ManifestEntry parse(String file, int n, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ManifestException(file, n, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new ManifestException(file, n, "expected a JSON object", null);
    }
    String id = text(file, n, node, "id");
    String uri = text(file, n, node, "uri");
    List<String> pos = strings(file, n, node, "labels");
    List<String> neg = strings(file, n, node, "negatives");
    Set<String> both = new HashSet<>(pos);
    both.retainAll(neg);
    if (!both.isEmpty()) {
      throw new ManifestException(file, n, "labels both positive and negative: " + both, null);
    }
    return new ManifestEntry(id, uri, pos, neg);
  }

  private static String text(String file, int n, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ManifestException(file, n, "missing or non-string '" + field + "'", null);
    }
    return v.asText();
  }

  private static List<String> strings(String file, int n, JsonNode node, String field) {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new ManifestException(file, n, "'" + field + "' must be an array of strings", null);
    }
    for (JsonNode x : v) {
      if (!x.isTextual()) {
        throw new ManifestException(file, n, "'" + field + "' must be an array of strings", null);
      }
      out.add(x.asText());
    }
    return out;
  }
}
