package dev.tagstream.ingest.api;

import dev.tagstream.contracts.AvroSerde;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

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

  /** Returns, per record in order, null when Kafka acknowledged it, else why not. */
  <V extends SpecificRecord> List<String> publish(
      String topic, AvroSerde<V> serde, String kind, List<Keyed<V>> records) {
    return send(topic, serde, kind, records).await();
  }

  /**
   * Hands the records to the producer without waiting; {@link Pending#await} then says, per record,
   * what became of it. A stream sends its next chunk while Kafka acknowledges the last.
   */
  <V extends SpecificRecord> Pending send(
      String topic, AvroSerde<V> serde, String kind, List<Keyed<V>> records) {
    Timer latency = metrics.produceLatency(kind);
    List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
    List<String> outcome = new ArrayList<>(records.size());
    for (Keyed<V> r : records) {
      long t0 = System.nanoTime();
      try {
        futures.add(
            producer.send(
                new ProducerRecord<>(topic, r.key(), serde.encode(topic, r.value())),
                (md, e) -> {
                  if (e == null) {
                    latency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                  }
                }));
        outcome.add(null);
      } catch (RuntimeException e) {
        // send() itself throws when metadata or buffer space did not come within max.block.ms, or
        // when closed.
        futures.add(null);
        outcome.add(describe(e));
      }
    }
    return new Pending(futures, outcome, timeout);
  }

  /** Records handed to the producer, not yet known to be stored. */
  static final class Pending {
    private final List<Future<RecordMetadata>> futures;
    private final List<String> outcome;
    private final Duration timeout;

    private Pending(List<Future<RecordMetadata>> futures, List<String> outcome, Duration timeout) {
      this.futures = futures;
      this.outcome = outcome;
      this.timeout = timeout;
    }

    /**
     * Whether a record has failed already, without waiting: the producer refused it or its send
     * failed at once (no metadata or buffer space within the timeout).
     */
    boolean failedAtSend() {
      for (int i = 0; i < futures.size(); i++) {
        Future<RecordMetadata> f = futures.get(i);
        if (f == null || (f.isDone() && failed(f))) {
          return true;
        }
      }
      return false;
    }

    private static boolean failed(Future<RecordMetadata> done) {
      try {
        done.get();
        return false;
      } catch (ExecutionException e) {
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }

    /**
     * Per record in order, null when Kafka acknowledged it, else why not; waits at most the produce
     * timeout from now.
     */
    List<String> await() {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (int i = 0; i < futures.size(); i++) {
        Future<RecordMetadata> f = futures.get(i);
        if (f == null) {
          continue;
        }
        try {
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          outcome.set(i, describe(e.getCause()));
        } catch (TimeoutException e) {
          outcome.set(
              i, "Kafka did not acknowledge the record within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          outcome.set(i, "interrupted while waiting for Kafka");
        }
      }
      return outcome;
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
