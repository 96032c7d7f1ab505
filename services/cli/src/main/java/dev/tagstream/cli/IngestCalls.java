package dev.tagstream.cli;

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

/**
 * The ingest API as a producer calls it: JSON in, status and JSON out, with or without the bearer
 * token. The demo and the reliability suite both drive the API through it.
 */
public final class IngestCalls {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  /** A status and body; status 0 when the request itself failed (connection refused, timeout). */
  public record Answer(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return JSON.createObjectNode();
      }
    }
  }

  public IngestCalls(int port, String token) {
    this("http://127.0.0.1:" + port, token);
  }

  private IngestCalls(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * The same API through a client of its own. For a request the server may answer by closing the
   * connection (an oversize body): on the shared client the next request could be sent on that
   * dying pooled connection and fail with no status (CI saw it once).
   */
  public IngestCalls withOwnConnection() {
    return new IngestCalls(base, token);
  }

  public Answer post(String path, byte[] body, String bearer) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        bearer);
  }

  public Answer post(String path, List<? extends JsonNode> items) {
    ArrayNode a = JSON.createArrayNode();
    items.forEach(a::add);
    return post(path, a.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), token);
  }

  /**
   * Posts items in batches of 500 and fails unless every batch was accepted whole (202, nothing
   * rejected).
   */
  public void acceptAll(String path, List<? extends JsonNode> items) {
    for (int from = 0; from < items.size(); from += 500) {
      Answer a = post(path, items.subList(from, Math.min(items.size(), from + 500)));
      if (a.status() != 202 || a.body().contains("\"rejected\":[{")) {
        throw new IllegalStateException(
            "POST "
                + path
                + " answered "
                + (a.status() == 0 ? "nothing" : a.status())
                + ": "
                + a.body());
      }
    }
  }

  public Answer get(String path, String bearer) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), bearer);
  }

  public Answer get(String path) {
    return get(path, token);
  }

  public String token() {
    return token;
  }

  private Answer send(HttpRequest.Builder b, String bearer) {
    b.timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted");
    }
  }
}
