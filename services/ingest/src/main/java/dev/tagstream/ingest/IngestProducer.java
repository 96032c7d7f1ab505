package dev.tagstream.ingest;

import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The ingest API's producer settings: tagstream's idempotent, acks=all defaults plus timeouts
 * bounded by the API's produce timeout. The benchmark's raw baseline uses them too, so both sides
 * run the same producer. (128 KiB batches with linger 10 ms were tried: the raw rate rose by two
 * thirds, the API's not at all, so Kafka's batching stays.)
 */
public final class IngestProducer {
  private IngestProducer() {}

  public static Map<String, Object> props(
      KafkaConfig kafka, String clientId, Duration produceTimeout) {
    Map<String, Object> props = KafkaClients.producerProps(kafka, clientId);
    // send() must not block a request thread longer than the request is willing to wait for
    // acknowledgements.
    long timeoutMs = produceTimeout.toMillis();
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    int requestTimeoutMs = (int) Math.min(timeoutMs, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
    // Kafka refuses a delivery timeout shorter than linger plus request timeout.
    int lingerMs = ((Number) props.get(ProducerConfig.LINGER_MS_CONFIG)).intValue();
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.max(timeoutMs, requestTimeoutMs + lingerMs));
    return props;
  }
}
