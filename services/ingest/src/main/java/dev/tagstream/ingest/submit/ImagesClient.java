package dev.tagstream.ingest.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Posts batches to {@code POST /v1/images} and maps the answer back to each item. Items Kafka did not store
 * (503) and whole batches lost to network errors are sent again (ids are keys, so a repeat is harmless); a batch
 * over the server's limits (413) is split in halves.
 */
final class ImagesClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI endpoint;
  private final String token;
  private final int retries;
  private final Duration backoff;

  ImagesClient(URI base, String token, int retries, Duration backoff) {
    this.endpoint = base.resolve("/v1/images");
    this.token = token;
    this.retries = retries;
    this.backoff = backoff;
  }

  /** One outcome per item, in order. */
  List<ItemResult> send(List<SubmitItem> items) throws InterruptedException {
    ItemResult[] out = new ItemResult[items.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      pending.add(i);
    }
    send(items, pending, out, 0);
    return Arrays.asList(out);
  }

  private void send(List<SubmitItem> items, List<Integer> pending, ItemResult[] out, int attempt) throws InterruptedException {
    ArrayNode body = ManifestItems.JSON.createArrayNode();
    pending.forEach(i -> body.add(items.get(i).json()));
    HttpResponse<String> res;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(120))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      retryOrFail(items, pending, out, attempt, "cannot reach " + endpoint + ": " + e);
      return;
    }
    JsonNode json = parse(res.body());
    int status = res.statusCode();
    if (status == 413 && pending.size() > 1) {
      int half = pending.size() / 2;
      send(items, new ArrayList<>(pending.subList(0, half)), out, attempt);
      send(items, new ArrayList<>(pending.subList(half, pending.size())), out, attempt);
      return;
    }
    if (status == 413) {
      out[pending.get(0)] = ItemResult.rejected("too large for the server: " + message(json, res.body()));
      return;
    }
    boolean itemized = json != null && json.has("accepted") && json.has("rejected");
    if (!itemized) {
      if (status >= 500) {
        retryOrFail(items, pending, out, attempt, "HTTP " + status + ": " + message(json, res.body()));
        return;
      }
      throw new SubmitException("the API at " + endpoint + " refused the request (HTTP " + status + "): "
          + message(json, res.body()));
    }
    boolean[] settled = new boolean[pending.size()];
    for (JsonNode r : json.get("rejected")) {
      int k = r.get("index").asInt();
      settled[k] = true;
      out[pending.get(k)] = ItemResult.rejected(errors(r.get("errors")));
    }
    List<Integer> again = new ArrayList<>();
    String lastFailure = null;
    for (JsonNode f : json.path("failed")) {
      int k = f.get("index").asInt();
      settled[k] = true;
      again.add(pending.get(k));
      lastFailure = f.get("error").asText();
    }
    for (int k = 0; k < settled.length; k++) {
      if (!settled[k]) {
        out[pending.get(k)] = ItemResult.ACCEPTED;
      }
    }
    if (!again.isEmpty()) {
      retryOrFail(items, again, out, attempt, "not stored by Kafka: " + lastFailure);
    }
  }

  private void retryOrFail(List<SubmitItem> items, List<Integer> pending, ItemResult[] out, int attempt, String why)
      throws InterruptedException {
    if (attempt >= retries) {
      pending.forEach(i -> out[i] = ItemResult.failed(why));
      return;
    }
    Thread.sleep(backoff.toMillis() << attempt);
    send(items, pending, out, attempt + 1);
  }

  private static String errors(JsonNode errors) {
    List<String> parts = new ArrayList<>();
    errors.forEach(e -> parts.add((e.get("field").asText().isEmpty() ? "" : e.get("field").asText() + ": ")
        + e.get("message").asText()));
    return parts.stream().collect(Collectors.joining("; "));
  }

  private static JsonNode parse(String body) {
    try {
      return ManifestItems.JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String message(JsonNode json, String body) {
    if (json != null && json.hasNonNull("message")) {
      return json.get("message").asText();
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
