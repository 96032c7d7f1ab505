package dev.tagstream.ingest.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The ingest API's meters; every name starts with {@code tagstream.ingest.}. */
final class IngestMetrics {
  private final MeterRegistry registry;
  private final Timer imageProduce;
  private final Timer labelProduce;

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.imageProduce = produceTimer("image");
    this.labelProduce = produceTimer("label");
  }

  private Timer produceTimer(String kind) {
    return Timer.builder("tagstream.ingest.produce.latency")
        .description(
            "Time from send to Kafka's acknowledgement (acks=all) of a request's last record, per"
                + " request (per chunk of a stream)")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .register(registry);
  }

  /** One HTTP request, by route, method and status code. */
  void request(String route, String method, int status, long startNanos) {
    Timer.builder("tagstream.ingest.requests")
        .description("HTTP API requests by route, method and status")
        .tag("route", route)
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  void accepted(String kind, int n) {
    counter(
            "tagstream.ingest.items.accepted",
            "Items stored in Kafka and acknowledged to the client",
            kind)
        .increment(n);
  }

  /**
   * An item refused by validation; {@code field} is the first field at fault (label paths lose
   * their index).
   */
  void rejected(String kind, String field) {
    String f = field.replaceAll("\\[\\d+]", "").replaceAll("\\..*", "");
    Counter.builder("tagstream.ingest.items.rejected")
        .description("Items refused by validation, by first field at fault")
        .tag("kind", kind)
        .tag("field", f.isEmpty() ? "item" : f)
        .register(registry)
        .increment();
  }

  void failed(String kind, int n) {
    counter(
            "tagstream.ingest.items.failed",
            "Valid items Kafka did not acknowledge (client told to retry)",
            kind)
        .increment(n);
  }

  Timer produceLatency(String kind) {
    return kind.equals("image") ? imageProduce : labelProduce;
  }

  private Counter counter(String name, String description, String kind) {
    return Counter.builder(name).description(description).tag("kind", kind).register(registry);
  }
}
