package dev.tagstream.ingest.bench;

import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.ingest.IngestProducer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The ceiling: the same records sent by one producer with the ingest API's settings (idempotent,
 * acks=all), all acknowledged.
 */
final class RawProducerRun {
  private RawProducerRun() {}

  /** Records per second, from the first send to the last acknowledgement. */
  static double run(KafkaConfig kafka, String topic, BenchWorkload w, Duration produceTimeout) {
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(IngestProducer.props(kafka, "bench-raw", produceTimeout))) {
      p.partitionsFor(
          topic); // metadata outside the timed part, as the HTTP side's producer already has it
      AtomicReference<Exception> failure = new AtomicReference<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < w.records(); i++) {
        p.send(
            new ProducerRecord<>(topic, w.keys().get(i), w.values().get(i)),
            (md, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      p.flush();
      long elapsed = System.nanoTime() - t0;
      if (failure.get() != null) {
        throw new IllegalStateException("the raw producer failed: " + failure.get(), failure.get());
      }
      return w.records() / (elapsed / 1e9);
    }
  }
}
