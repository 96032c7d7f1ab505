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
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Posts batches to {@code POST /v1/images} and maps the answer back to each item. Items Kafka did
 * not store (503) and whole batches lost to network errors are sent again; a batch over the
 * server's limits (413) is split in halves. Every body goes out with its own {@code
 * Idempotency-Key}, and a resend of the same body reuses it: when the server stored a batch but its
 * answer was lost (a timeout, a dropped connection), the resend gets that answer back instead of
 * storing every item a second time.
 */
final class ImagesClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI endpoint;
  private final String token;
  private final int retries;
  private final Duration backoff;
  private final Duration timeout;
  private volatile boolean reached;
  private volatile String lastFailure;

  ImagesClient(URI base, String token, int retries, Duration backoff) {
    this(base, token, retries, backoff, Duration.ofSeconds(120));
  }

  ImagesClient(URI base, String token, int retries, Duration backoff, Duration timeout) {
    this.endpoint = base.resolve("/v1/images");
    this.token = token;
    this.retries = retries;
    this.backoff = backoff;
    this.timeout = timeout;
  }

  /** Whether any answer came back from the server so far. */
  boolean reachedServer() {
    return reached;
  }

  /** Why the last request got no answer (or null). */
  String lastFailure() {
    return lastFailure;
  }

  /** One outcome per item, in order. */
  List<ItemResult> send(List<SubmitItem> items) throws InterruptedException {
    ItemResult[] out = new ItemResult[items.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      pending.add(i);
    }
    send(items, pending, out, 0, newKey());
    return Arrays.asList(out);
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }

  private void send(
      List<SubmitItem> items, List<Integer> pending, ItemResult[] out, int attempt, String key)
      throws InterruptedException {
    ArrayNode body = ManifestItems.JSON.createArrayNode();
    pending.forEach(i -> body.add(items.get(i).json()));
    HttpResponse<String> res;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", key)
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      lastFailure = "cannot reach " + endpoint + ": " + e;
      retryOrFail(items, pending, out, attempt, lastFailure, key); // the same body: the same key
      return;
    }
    reached = true;
    JsonNode json = parse(res.body());
    int status = res.statusCode();
    if (status == 413 && pending.size() > 1) {
      int half = pending.size() / 2;
      send(items, new ArrayList<>(pending.subList(0, half)), out, attempt, newKey());
      send(items, new ArrayList<>(pending.subList(half, pending.size())), out, attempt, newKey());
      return;
    }
    if (status == 413) {
      out[pending.get(0)] =
          ItemResult.rejected("too large for the server: " + message(json, res.body()));
      return;
    }
    boolean itemized = json != null && json.has("accepted") && json.has("rejected");
    if (!itemized) {
      if (status >= 500) {
        retryOrFail(
            items, pending, out, attempt, "HTTP " + status + ": " + message(json, res.body()), key);
        return;
      }
      throw new SubmitException(
          "the API at "
              + endpoint
              + " refused the request (HTTP "
              + status
              + "): "
              + message(json, res.body()));
    }
    boolean[] settled = new boolean[pending.size()];
    for (JsonNode r : json.get("rejected")) {
      int k = r.get("index").asInt();
      settled[k] = true;
      out[pending.get(k)] = ItemResult.rejected(errors(r.get("errors")));
    }
    List<Integer> again = new ArrayList<>();
    String storeError = null;
    for (JsonNode f : json.path("failed")) {
      int k = f.get("index").asInt();
      settled[k] = true;
      again.add(pending.get(k));
      storeError = f.get("error").asText();
    }
    for (int k = 0; k < settled.length; k++) {
      if (!settled[k]) {
        out[pending.get(k)] = ItemResult.ACCEPTED;
      }
    }
    if (!again.isEmpty()) {
      retryOrFail(
          items, again, out, attempt, "not stored by Kafka: " + storeError, newKey()); // a new body
    }
  }

  private void retryOrFail(
      List<SubmitItem> items,
      List<Integer> pending,
      ItemResult[] out,
      int attempt,
      String why,
      String key)
      throws InterruptedException {
    if (attempt >= retries) {
      pending.forEach(i -> out[i] = ItemResult.failed(why));
      return;
    }
    Thread.sleep(backoff.toMillis() << attempt);
    send(items, pending, out, attempt + 1, key);
  }

  private static String errors(JsonNode errors) {
    List<String> parts = new ArrayList<>();
    errors.forEach(
        e ->
            parts.add(
                (e.get("field").asText().isEmpty() ? "" : e.get("field").asText() + ": ")
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
