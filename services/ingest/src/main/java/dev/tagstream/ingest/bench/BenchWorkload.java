package dev.tagstream.ingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The references both sides of the benchmark send: the same ids and URIs, as pre-encoded Kafka
 * values for the raw producer and as pre-built JSON request bodies for the HTTP API, so neither
 * side pays to build its input.
 */
record BenchWorkload(
    List<String> keys, List<byte[]> values, List<byte[]> bodies, List<byte[]> streams, int batch) {
  /**
   * {@code streams}: the same references also as that many NDJSON bodies of about equal length, one
   * per streaming client.
   */
  static BenchWorkload build(
      String run, int records, int batch, int uriLength, String topic, int streams) {
    ObjectMapper json = new ObjectMapper();
    var serde = Topics.IMAGES.valueSerde();
    Instant now = Instant.now();
    List<String> keys = new ArrayList<>(records);
    List<byte[]> values = new ArrayList<>(records);
    List<byte[]> bodies = new ArrayList<>();
    ArrayNode body = json.createArrayNode();
    List<StringBuilder> lines = new ArrayList<>();
    for (int k = 0; k < streams; k++) {
      lines.add(new StringBuilder());
    }
    for (int i = 0; i < records; i++) {
      String id = String.format("%s-%09d", run, i);
      String uri = uri(id, uriLength);
      keys.add(id);
      values.add(
          serde.encode(
              topic,
              ImageReference.newBuilder()
                  .setId(id)
                  .setUri(uri)
                  .setSubmittedAt(now)
                  .setSource("api")
                  .setAttributes(Map.of())
                  .setPositives(List.of())
                  .setNegatives(List.of())
                  .build()));
      ObjectNode o = body.addObject();
      o.put("id", id);
      o.put("uri", uri);
      lines.get((int) ((long) i * streams / records)).append(o).append('\n');
      if (body.size() == batch || i == records - 1) {
        bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
        body = json.createArrayNode();
      }
    }
    return new BenchWorkload(
        List.copyOf(keys),
        List.copyOf(values),
        List.copyOf(bodies),
        lines.stream().map(l -> l.toString().getBytes(StandardCharsets.UTF_8)).toList(),
        batch);
  }

  /**
   * An https URI of exactly {@code length} characters (or the shortest possible) ending in the id.
   */
  static String uri(String id, int length) {
    String base = "https://images.example.org/";
    String tail = id + ".png";
    int pad = Math.max(0, length - base.length() - tail.length() - 1);
    return base + "p".repeat(pad) + (pad > 0 ? "/" : "") + tail;
  }

  int records() {
    return keys.size();
  }

  /** Key plus value bytes of one record, as Kafka stores it (before batching and compression). */
  int recordBytes() {
    return keys.get(0).getBytes(StandardCharsets.UTF_8).length + values.get(0).length;
  }
}
