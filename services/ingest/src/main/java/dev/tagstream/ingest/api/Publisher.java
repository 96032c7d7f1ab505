package dev.tagstream.ingest.api;

import dev.tagstream.contracts.AvroSerde;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends records through the shared idempotent, acks=all producer and waits for each
 * acknowledgement, so the API only ever reports as accepted what Kafka has stored.
 */
final class Publisher {
  private final Producer<String, byte[]> producer;
  private final Duration timeout;
  private final IngestMetrics metrics;

  Publisher(Producer<String, byte[]> producer, Duration timeout, IngestMetrics metrics) {
    this.producer = producer;
    this.timeout = timeout;
    this.metrics = metrics;
  }

  /** One record to send. */
  record Keyed<V>(String key, V value) {}

  /**
   * Hands the records to the producer without waiting; {@link Pending#await} then says, per record,
   * what became of it. A stream sends its next chunks while Kafka acknowledges the earlier ones.
   */
  <V extends SpecificRecord> Pending send(
      String topic, AvroSerde<V> serde, String kind, List<Keyed<V>> records) {
    Pending pending = new Pending(records.size(), metrics.produceLatency(kind), timeout);
    for (int i = 0; i < records.size(); i++) {
      Keyed<V> r = records.get(i);
      int index = i;
      try {
        producer.send(
            new ProducerRecord<>(topic, r.key(), serde.encode(topic, r.value())),
            (md, e) -> pending.done(index, e));
      } catch (RuntimeException e) {
        // send() itself throws when the producer is closed or the record cannot be serialised;
        // no metadata or buffer space within max.block.ms comes back through the callback.
        pending.done(index, e);
      }
    }
    return pending;
  }

  /**
   * Records handed to the producer, not yet known to be stored. Each record's callback settles it
   * (on the producer's network thread, or at once when the send failed), so waiting for a thousand
   * records is one wait, not a thousand futures.
   */
  static final class Pending {
    private static final int WAITING = 0;
    private static final int STORED = 1;
    private static final int FAILED = 2;

    private final AtomicIntegerArray state;
    private final String[] error;
    private final AtomicInteger left;
    private final CountDownLatch all = new CountDownLatch(1);
    private final Timer latency;
    private final Duration timeout;
    private final long sentAt = System.nanoTime();
    private volatile boolean anyFailed;

    private Pending(int records, Timer latency, Duration timeout) {
      this.state = new AtomicIntegerArray(records);
      this.error = new String[records];
      this.left = new AtomicInteger(records);
      this.latency = latency;
      this.timeout = timeout;
      if (records == 0) {
        all.countDown();
      }
    }

    /** Settles one record, once: stored when {@code e} is null. */
    private void done(int index, Exception e) {
      if (e != null) {
        error[index] = describe(e); // published to await() by the state write below
      }
      if (!state.compareAndSet(index, WAITING, e == null ? STORED : FAILED)) {
        return;
      }
      if (e != null) {
        anyFailed = true;
      }
      if (left.decrementAndGet() == 0) {
        // the request's slowest record: one timing per request or chunk, not per record
        latency.record(System.nanoTime() - sentAt, TimeUnit.NANOSECONDS);
        all.countDown();
      }
    }

    /**
     * Whether a record has failed already, without waiting: the producer refused it or its send
     * failed at once (no metadata or buffer space within the timeout).
     */
    boolean failedAtSend() {
      return anyFailed;
    }

    /**
     * Per record in order, null when Kafka acknowledged it, else why not; waits at most the produce
     * timeout from now.
     */
    List<String> await() {
      String late = null;
      try {
        if (!all.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          late = "Kafka did not acknowledge the record within " + timeout.toMillis() + " ms";
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        late = "interrupted while waiting for Kafka";
      }
      List<String> outcome = new ArrayList<>(error.length);
      for (int i = 0; i < error.length; i++) {
        int s = state.get(i);
        outcome.add(s == STORED ? null : s == FAILED ? error[i] : late);
      }
      return outcome;
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
