package dev.tagstream.ingest.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Posts the workload's bodies to {@code POST /v1/images} from several client threads; counts what was accepted. */
final class HttpRun {
  private HttpRun() {}

  /** Accepted references per second, from the first request to the last response. */
  static double run(URI base, String token, BenchWorkload w, int clients) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    URI endpoint = base.resolve("/v1/images");
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          for (int b = next.getAndIncrement(); b < w.bodies().size(); b = next.getAndIncrement()) {
            accepted.addAndGet(post(http, endpoint, token, w.bodies().get(b), Math.min(w.batch(), w.records() - b * w.batch())));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      long elapsed = System.nanoTime() - t0;
      if (accepted.get() != w.records()) {
        throw new IllegalStateException("the API accepted " + accepted.get() + " of " + w.records() + " references");
      }
      return accepted.get() / (elapsed / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int post(HttpClient http, URI endpoint, String token, byte[] body, int items)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 202 || !res.body().endsWith("\"rejected\":[]}")) {
      throw new IllegalStateException("HTTP " + res.statusCode() + ": " + res.body().substring(0, Math.min(300, res.body().length())));
    }
    return items;
  }
}
