package dev.tagstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small test client for the ingest API: JSON in, status + JSON out. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  Http(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** A response; {@code json} is null when the body is not JSON. */
  record Response(int status, JsonNode json, String body, HttpHeaders headers) {}

  Response get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  HttpResponse<byte[]> bytes(String path) throws Exception {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Response post(String path, String json) throws Exception {
    return post(path, json, "application/json");
  }

  Response post(String path, String body, String contentType) throws Exception {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  Response send(HttpRequest r) throws Exception {
    HttpResponse<String> res = client.send(r, HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = JSON.readTree(res.body());
    } catch (Exception notJson) {
      // left null: the caller asserts on the raw body
    }
    return new Response(res.statusCode(), json, res.body(), res.headers());
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /**
   * Parses JSON written with single quotes (double quotes allowed where a value contains a single
   * quote).
   */
  static JsonNode json(String s) {
    try {
      return LENIENT.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad expected JSON in the test: " + s, e);
    }
  }

  private static final ObjectMapper LENIENT =
      new ObjectMapper()
          .enable(
              com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES.mappedFeature());

  /** Single quotes to double quotes, so JSON literals in tests stay readable. */
  static String q(String s) {
    return s.replace('\'', '"');
  }
}
