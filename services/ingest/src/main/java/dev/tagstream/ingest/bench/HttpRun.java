package dev.tagstream.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts the workload's bodies to {@code POST /v1/images} from several client threads, as JSON
 * batches or as NDJSON streams; counts what was accepted.
 */
final class HttpRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpRun() {}

  /** Accepted references per second, from the first request to the last response. */
  static double run(URI base, String token, BenchWorkload w, int clients) throws Exception {
    URI endpoint = base.resolve("/v1/images");
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<HttpConnection> connections = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        connections.add(
            new HttpConnection(
                endpoint, token)); // connected before the clock starts, as a pool would be
      }
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (HttpConnection connection : connections) {
        done.add(
            pool.submit(
                () -> {
                  for (int b = next.getAndIncrement();
                      b < w.bodies().size();
                      b = next.getAndIncrement()) {
                    accepted.addAndGet(
                        post(
                            connection,
                            w.bodies().get(b),
                            Math.min(w.batch(), w.records() - b * w.batch())));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      long elapsed = System.nanoTime() - t0;
      if (accepted.get() != w.records()) {
        throw new IllegalStateException(
            "the API accepted " + accepted.get() + " of " + w.records() + " references");
      }
      return accepted.get() / (elapsed / 1e9);
    } finally {
      pool.shutdownNow();
      for (HttpConnection c : connections) {
        c.close();
      }
    }
  }

  /**
   * Streams the workload's NDJSON bodies to {@code POST /v1/images}, one per client thread, at
   * once; accepted references per second, from the first request to the last answer.
   */
  static double stream(URI base, String token, BenchWorkload w) throws Exception {
    URI endpoint = base.resolve("/v1/images");
    ExecutorService pool = Executors.newFixedThreadPool(w.streams().size());
    List<HttpConnection> connections = new ArrayList<>();
    try {
      for (int c = 0; c < w.streams().size(); c++) {
        connections.add(new HttpConnection(endpoint, token, "application/x-ndjson"));
      }
      long t0 = System.nanoTime();
      List<Future<Long>> done = new ArrayList<>();
      for (int c = 0; c < connections.size(); c++) {
        HttpConnection connection = connections.get(c);
        byte[] body = w.streams().get(c);
        done.add(pool.submit(() -> streamed(connection.post(body))));
      }
      long accepted = 0;
      for (Future<Long> f : done) {
        accepted += f.get();
      }
      long elapsed = System.nanoTime() - t0;
      if (accepted != w.records()) {
        throw new IllegalStateException(
            "the API accepted " + accepted + " of " + w.records() + " streamed references");
      }
      return accepted / (elapsed / 1e9);
    } finally {
      pool.shutdownNow();
      for (HttpConnection c : connections) {
        c.close();
      }
    }
  }

  /** A stream's accepted count, when the API answered 202 with no line rejected. */
  private static long streamed(HttpConnection.Response res) throws IOException {
    JsonNode answer = JSON.readTree(res.body());
    if (res.status() != 202 || answer.path("rejected").asLong(-1) != 0) {
      String text = res.text();
      throw new IllegalStateException(
          "HTTP " + res.status() + ": " + text.substring(0, Math.min(300, text.length())));
    }
    return answer.get("accepted").asLong();
  }

  /**
   * Counts the batch only when the API answered 202 with no item rejected (it answers only after
   * Kafka's acks).
   */
  private static int post(HttpConnection connection, byte[] body, int items) throws IOException {
    HttpConnection.Response res = connection.post(body);
    String text = res.text();
    if (res.status() != 202 || !text.endsWith("\"rejected\":[]}")) {
      throw new IllegalStateException(
          "HTTP " + res.status() + ": " + text.substring(0, Math.min(300, text.length())));
    }
    return items;
  }
}
