package dev.tagstream.cli.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.cli.IngestCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Posts {@code total} good references (ids ref-0000000, ref-0000001, ... in order) through the
 * ingest API in batches, at most {@code rate} per second (0: no limit) and at most {@code lead}
 * references ahead of what has come out of the workers, so the load spans the whole run and every
 * fault hits ingest as well as the workers. A batch that is not acknowledged (broker down, timeout,
 * 5xx) is posted again with the same ids until it is: ids are idempotent keys, and an id counts as
 * accepted only after a 202 that accepted it.
 */
final class LoadDriver implements Runnable {
  private final IngestCalls ingest;
  private final Fixture fixture;
  private final long total;
  private final int batch;
  private final long lead;
  private final double rate;
  private final LongSupplier outputs;
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong retries = new AtomicLong();

  /** Answers 503 (Kafka did not store the batch): counted as not acknowledged, and retried. */
  final AtomicLong unavailable = new AtomicLong();

  final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile boolean stopped;
  private volatile boolean unpaced;
  private volatile long reserve;

  LoadDriver(
      IngestCalls ingest,
      Fixture fixture,
      long total,
      int batch,
      long lead,
      double rate,
      LongSupplier outputs) {
    this.rate = rate;
    this.ingest = ingest;
    this.fixture = fixture;
    this.total = total;
    this.batch = batch;
    this.lead = lead;
    this.outputs = outputs;
  }

  static String id(long i) {
    return String.format("ref-%07d", i);
  }

  @Override
  public void run() {
    long t0 = System.nanoTime();
    for (long from = 0; from < total && !stopped; from += batch) {
      while (!stopped
          && ((!unpaced && from - outputs.getAsLong() > lead)
              || (reserve > 0 && from >= total - reserve)
              || (rate > 0 && (System.nanoTime() - t0) / 1e9 < from / rate))) {
        pause(50);
      }
      List<ObjectNode> items = new ArrayList<>();
      for (long i = from; i < Math.min(total, from + batch); i++) {
        items.add(
            IngestCalls.JSON
                .createObjectNode()
                .put("id", id(i))
                .put("uri", fixture.goodUri(i))
                .put("source", "reliability"));
      }
      while (!stopped) {
        IngestCalls.Answer a = ingest.post("/v1/images", items);
        if (a.status() == 202) {
          if (a.json().path("rejected").size() > 0) {
            unexpected.add("batch from " + id(from) + ": " + a.json().path("rejected"));
          }
          accepted.addAndGet(items.size() - a.json().path("rejected").size());
          break;
        }
        if (a.status() == 400 || a.status() == 401 || a.status() == 413) {
          unexpected.add("batch from " + id(from) + " answered " + a.status() + ": " + a.body());
          break;
        }
        if (a.status() == 503) {
          unavailable.incrementAndGet();
        }
        retries.incrementAndGet(); // not acknowledged: the same ids again, later
        pause(1000);
      }
    }
  }

  /**
   * While on, posting ignores {@code lead}: during a broker outage the outputs stand still, and
   * clients, who do not know that, keep posting.
   */
  void unpaced(boolean on) {
    unpaced = on;
    if (on) {
      reserve = 0;
    }
  }

  /**
   * Keeps the last {@code n} references back until the first unpaced spell (the outage): on a slow
   * machine the faults before it can take long enough that every reference was already accepted
   * when the brokers stop, and then nothing is posted to be refused with a 503.
   */
  void holdBack(long n) {
    reserve = n;
  }

  void stop() {
    stopped = true;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
