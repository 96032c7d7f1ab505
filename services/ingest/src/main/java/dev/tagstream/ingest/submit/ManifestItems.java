package dev.tagstream.ingest.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines manifest ({@code {"id","uri","labels","negatives"}} per line). Each line is
 * sent as it is (the API validates it, so the rules live in one place); a line that is not a JSON
 * object is refused here with its line number. A {@code source} is added when the line has none.
 */
final class ManifestItems {
  static final ObjectMapper JSON = new ObjectMapper();

  private ManifestItems() {}

  static List<SubmitItem> read(Path manifest, String source) {
    List<SubmitItem> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          out.add(parse("line " + n, line, source));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the manifest " + manifest + ": " + e.getMessage(), e);
    }
    return out;
  }

  static SubmitItem parse(String origin, String line, String source) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return SubmitItem.unreadable(origin, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode o)) {
      return SubmitItem.unreadable(origin, "expected a JSON object");
    }
    if (!o.has("source") && source != null) {
      o.put("source", source);
    }
    JsonNode id = o.get("id");
    return SubmitItem.of(origin, id != null && id.isTextual() ? id.asText() : null, o);
  }
}
