package dev.tagstream.ingest;

import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The ingest API's producer settings: tagstream's idempotent, acks=all defaults plus timeouts bounded by the API's
 * produce timeout and batching sized for bursts of whole HTTP batches. The benchmark's raw baseline uses them too.
 */
public final class IngestProducer {
  /**
   * Bytes per partition batch (Kafka's default is 16 KiB). POSTs arrive as bursts of up to 1,000 items from several
   * request threads; with 16 KiB the producer sent batches of ~4.5 KB compressed, each paying a fresh 128 KB LZ4
   * buffer in the request thread and its own validation in the broker. 128 KiB and 10 ms doubled the average.
   */
  static final int BATCH_BYTES = 128 * 1024;
  static final int LINGER_MS = 10;

  private IngestProducer() {}

  public static Map<String, Object> props(KafkaConfig kafka, String clientId, Duration produceTimeout) {
    Map<String, Object> props = KafkaClients.producerProps(kafka, clientId);
    // send() must not block a request thread longer than the request is willing to wait for acknowledgements.
    long timeoutMs = produceTimeout.toMillis();
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    int requestTimeoutMs = (int) Math.min(timeoutMs, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
    // Kafka refuses a delivery timeout shorter than linger plus request timeout.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMs, requestTimeoutMs + LINGER_MS));
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    return props;
  }
}
