package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.ingest.api.ItemParser.Parsed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * One POST of items (a single object or an array): validates every item, publishes the valid ones,
 * and answers 202 (something stored), 400 (nothing valid) or 503 (Kafka did not store some valid
 * items: retry those).
 */
final class BatchIngest<V extends SpecificRecord> {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String kind;
  private final String topic;
  private final AvroSerde<V> serde;
  private final ItemParser<V> parser;
  private final Publisher publisher;
  private final int maxBatch;
  private final boolean uniqueKeys;
  private final IngestMetrics metrics;
  private final Consumer<V> onStored;
  // ten minutes outlasts any client's retries; 10,000 answers of up to max-batch ids each stay a
  // few MiB
  private final IdempotentReplies replies =
      new IdempotentReplies(10_000, Duration.ofMinutes(10), System::nanoTime);

  BatchIngest(
      String kind,
      String topic,
      AvroSerde<V> serde,
      ItemParser<V> parser,
      Publisher publisher,
      int maxBatch,
      boolean uniqueKeys,
      IngestMetrics metrics) {
    this(kind, topic, serde, parser, publisher, maxBatch, uniqueKeys, metrics, v -> {});
  }

  /** {@code onStored} hears of every value Kafka acknowledged, in the request's thread. */
  BatchIngest(
      String kind,
      String topic,
      AvroSerde<V> serde,
      ItemParser<V> parser,
      Publisher publisher,
      int maxBatch,
      boolean uniqueKeys,
      IngestMetrics metrics,
      Consumer<V> onStored) {
    this.onStored = onStored;
    this.kind = kind;
    this.topic = topic;
    this.serde = serde;
    this.parser = parser;
    this.publisher = publisher;
    this.maxBatch = maxBatch;
    this.uniqueKeys = uniqueKeys;
    this.metrics = metrics;
  }

  /**
   * With an {@code Idempotency-Key} (may be null): a repeat of the same batch gets the first answer
   * back.
   */
  Reply handle(byte[] body, String idempotencyKey) {
    return idempotencyKey == null
        ? handle(body)
        : replies.reply(idempotencyKey, body, () -> handle(body));
  }

  Reply handle(byte[] body) {
    List<JsonItem> items = ItemsReader.read(body, maxBatch);
    ArrayNode rejected = F.arrayNode();
    List<Integer> indexes = new ArrayList<>();
    List<Publisher.Keyed<V>> valid = new ArrayList<>();
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Parsed<V> p = parser.parse(items.get(i));
      List<FieldError> errors = p.errors();
      // Two items with one id in one batch would race for the key; the first wins, the rest are
      // refused.
      if (uniqueKeys && p.valid() && firstIndex.putIfAbsent(p.key(), i) != null) {
        errors =
            List.of(
                new FieldError(
                    "id", "duplicates item " + firstIndex.get(p.key()) + " of this batch"));
      }
      if (errors.isEmpty()) {
        indexes.add(i);
        valid.add(new Publisher.Keyed<>(p.key(), p.value()));
      } else {
        rejected.add(rejection(i, p.key(), errors));
        metrics.rejected(kind, errors.get(0).field());
      }
    }
    List<String> outcome =
        valid.isEmpty() ? List.of() : publisher.publish(topic, serde, kind, valid);
    ArrayNode accepted = F.arrayNode();
    ArrayNode failed = F.arrayNode();
    for (int j = 0; j < valid.size(); j++) {
      if (outcome.get(j) == null) {
        accepted.add(valid.get(j).key());
        onStored.accept(valid.get(j).value());
      } else {
        failed.add(
            F.objectNode()
                .put("index", indexes.get(j))
                .put("id", valid.get(j).key())
                .put("error", outcome.get(j)));
      }
    }
    metrics.accepted(kind, accepted.size());
    metrics.failed(kind, failed.size());
    ObjectNode out = F.objectNode();
    int status;
    if (!failed.isEmpty()) {
      status = 503;
      out.put("status", status)
          .put("error", "not-stored")
          .put(
              "message",
              failed.size()
                  + " valid item(s) were not stored by Kafka; send them again (ids are idempotent keys)");
    } else if (accepted.isEmpty()) {
      status = 400;
      out.put("status", status)
          .put("error", "invalid-items")
          .put("message", "no item was valid; see rejected");
    } else {
      status = 202;
    }
    out.set("accepted", accepted);
    out.set("rejected", rejected);
    if (!failed.isEmpty()) {
      out.set("failed", failed);
    }
    return new Reply(status, out, status == 503 ? Map.of("Retry-After", "1") : Map.of());
  }

  private static ObjectNode rejection(int index, String id, List<FieldError> errors) {
    ObjectNode o = F.objectNode().put("index", index);
    if (id != null) {
      o.put("id", id);
    } else {
      o.putNull("id");
    }
    ArrayNode es = o.putArray("errors");
    errors.forEach(e -> es.add(F.objectNode().put("field", e.field()).put("message", e.message())));
    return o;
  }
}
