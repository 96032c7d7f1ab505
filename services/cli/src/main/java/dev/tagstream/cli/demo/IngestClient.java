package dev.tagstream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Posts batches to the ingest API as any producer would, and insists that every item was accepted. */
final class IngestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  IngestClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  void post(String path, List<? extends JsonNode> items) {
    for (int from = 0; from < items.size(); from += 500) {
      ArrayNode batch = JSON.createArrayNode();
      items.subList(from, Math.min(items.size(), from + 500)).forEach(batch::add);
      HttpResponse<String> r;
      try {
        r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
            .build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (r.statusCode() != 202 || r.body().contains("\"rejected\":[{")) {
        throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    }
  }
}
