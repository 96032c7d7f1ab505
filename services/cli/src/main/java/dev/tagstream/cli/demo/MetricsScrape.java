package dev.tagstream.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a service's Prometheus scrape, as Prometheus would: the feedback app's online quality per
 * model version, the worker's loaded model, any plain gauge.
 */
public final class MetricsScrape {
  private static final Pattern LINE =
      Pattern.compile(
          "^tagstream_quality_online_(precision|recall)\\{[^}]*model_version=\"([^\"]+)\"[^}]*\\} (\\S+)$");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;

  public MetricsScrape(int port) {
    this.port = port;
  }

  private static final Pattern LOADED =
      Pattern.compile(
          "^tagstream_worker_model_loaded\\{[^}]*version=\"([^\"]+)\"[^}]*\\} 1(\\.0)?$");

  public String scrape() throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The value of a gauge's first series (whatever its labels), NaN when the scrape has no such
   * line.
   */
  public double gauge(String name) throws IOException, InterruptedException {
    return gauge(scrape(), name);
  }

  public static double gauge(String scrape, String name) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  /** version → {precision, recall}, from the feedback app. */
  Map<String, Map<String, Double>> fetch() throws IOException, InterruptedException {
    return parse(scrape());
  }

  /**
   * The newest version a worker has validated and will serve from its next batch, from its {@code
   * tagstream_worker_model_loaded} info gauge; "" if none.
   */
  String loadedVersion() throws IOException, InterruptedException {
    for (String line : scrape().split("\n")) {
      Matcher m = LOADED.matcher(line);
      if (m.matches()) {
        return m.group(1);
      }
    }
    return "";
  }

  static Map<String, Map<String, Double>> parse(String scrape) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (String line : scrape.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        out.computeIfAbsent(m.group(2), k -> new HashMap<>())
            .put(m.group(1), Double.parseDouble(m.group(3)));
      }
    }
    return out;
  }
}
