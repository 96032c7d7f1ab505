package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.ingest.api.ItemParser.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

  /**
   * Chunks of a stream sent before the oldest is waited for: the producer's linger and the broker's
   * round trip overlap with reading and checking the next lines (with one, a stream waited most of
   * its time).
   */
  static final int IN_FLIGHT_CHUNKS = 4;

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
   * A POST's body: JSON (one item or an array of up to max-batch), or an NDJSON stream of any
   * length, one item per line, each line at most {@code maxBodyBytes}.
   */
  Reply handle(HttpExchange ex, int maxBodyBytes) throws IOException {
    String key = ex.getRequestHeaders().getFirst(IdempotentReplies.HEADER);
    if (!JsonBody.isNdjson(ex)) {
      return handle(JsonBody.bytes(ex, maxBodyBytes), key);
    }
    if (key != null) {
      throw new ApiException(
          400,
          "idempotency-key-on-stream",
          "an NDJSON stream cannot carry an "
              + IdempotentReplies.HEADER
              + " (its body is not kept to compare); ids are idempotent keys, so resend the"
              + " lines the answer did not accept");
    }
    try (InputStream in = ex.getRequestBody()) {
      return stream(in, maxBodyBytes);
    }
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
    Chunk chunk = new Chunk("item", " of this batch");
    for (int i = 0; i < items.size(); i++) {
      Parsed<V> p = parser.parse(items.get(i));
      List<FieldError> errors = chunk.offer(p, i);
      if (!errors.isEmpty()) {
        rejected.add(rejection("index", i, p.key(), errors));
      }
    }
    ArrayNode accepted = F.arrayNode();
    ArrayNode failed = F.arrayNode();
    chunk.send();
    chunk.settle(
        (position, key) -> accepted.add(key),
        (position, key, error) ->
            failed.add(F.objectNode().put("index", position).put("id", key).put("error", error)));
    ObjectNode out = F.objectNode();
    int status = status(out, accepted.size(), failed.size(), "item(s)", "rejected");
    out.set("accepted", accepted);
    out.set("rejected", rejected);
    if (!failed.isEmpty()) {
      out.set("failed", failed);
    }
    return reply(status, out);
  }

  /**
   * An NDJSON stream, published in chunks of max-batch lines, up to {@link #IN_FLIGHT_CHUNKS} sent
   * while the next are read. Ids are unique within a chunk (a repeat in a later chunk is stored
   * again, as in a later request). Once Kafka did not store a record, no further line is read: the
   * answer names the failed lines and the line to resume at. Only the first max-batch rejections
   * are listed; all are counted. A stream holds one of the API's request threads while it lasts.
   */
  Reply stream(InputStream body, int maxLineBytes) throws IOException {
    NdjsonLines lines = new NdjsonLines(body, maxLineBytes);
    Tally tally = new Tally();
    Deque<Chunk> inFlight = new ArrayDeque<>();
    long resumeAt = 0;
    try {
      boolean more = true;
      while (more) {
        Chunk chunk =
            new Chunk("line", " (ids are checked within each chunk of " + maxBatch + " lines)");
        NdjsonLines.Line line = null;
        while (chunk.read < maxBatch && (line = lines.next()) != null) {
          if (!line.isBlank()) {
            chunk.read++;
            tally.lines++;
            check(chunk, line, maxLineBytes, tally);
          }
        }
        more = line != null;
        chunk.send();
        inFlight.add(chunk);
        boolean failed = chunk.sent != null && chunk.sent.failedAtSend();
        while (!failed && inFlight.size() > IN_FLIGHT_CHUNKS) {
          failed = settle(inFlight.poll(), tally);
        }
        if (failed && more) {
          resumeAt = lines.lastNumber() + 1; // Kafka failed: read no further
          more = false;
        }
      }
    } finally {
      // whatever happens to the request, what was sent is waited for and counted
      while (!inFlight.isEmpty()) {
        settle(inFlight.poll(), tally);
      }
    }
    ObjectNode out = F.objectNode();
    if (tally.lines == 0) {
      throw new ApiException(
          400, "empty-stream", "the stream holds no item; send one JSON object per line");
    }
    int status = status(out, tally.accepted, tally.failures.size(), "line(s)", "rejections");
    out.put("lines", tally.lines)
        .put("accepted", tally.accepted)
        .put("rejected", tally.rejected)
        .put("failed", tally.failures.size());
    out.set("rejections", tally.rejections);
    if (!tally.failures.isEmpty()) {
      out.set("failures", tally.failures);
    }
    if (resumeAt > 0) {
      out.put("resumeAt", resumeAt);
    }
    return reply(status, out);
  }

  /** The answer; a 503 tells the client when to send the failed items again. */
  private static Reply reply(int status, ObjectNode out) {
    return new Reply(status, out, status == 503 ? Map.of("Retry-After", "1") : Map.of());
  }

  private void check(Chunk chunk, NdjsonLines.Line line, int maxLineBytes, Tally tally) {
    Parsed<V> p;
    if (line.tooLong()) {
      p =
          Parsed.invalid(
              null,
              List.of(
                  new FieldError(
                      "",
                      "the line is longer than "
                          + maxLineBytes
                          + " bytes (ingest.max-body-bytes); it was skipped")));
    } else {
      try {
        p = parser.parse(ItemsReader.line(line.bytes(), line.offset(), line.length()));
      } catch (ApiException e) {
        p = Parsed.invalid(null, List.of(new FieldError("", e.getMessage())));
      }
    }
    List<FieldError> errors = chunk.offer(p, line.number());
    if (!errors.isEmpty()) {
      tally.rejected++;
      if (tally.rejections.size() < maxBatch) {
        tally.rejections.add(rejection("line", line.number(), p.key(), errors));
      }
    }
  }

  /** Waits for a sent chunk and counts it; true when Kafka did not store some of it. */
  private boolean settle(Chunk chunk, Tally tally) {
    int failedBefore = tally.failures.size();
    chunk.settle(
        (position, key) -> tally.accepted++,
        (position, key, error) ->
            tally.failures.add(
                F.objectNode().put("line", position).put("id", key).put("error", error)));
    return tally.failures.size() > failedBefore;
  }

  /** Sets the error fields of a 400 or 503 answer; returns the status. */
  private static int status(ObjectNode out, long accepted, int failed, String unit, String listed) {
    if (failed > 0) {
      out.put("status", 503)
          .put("error", "not-stored")
          .put(
              "message",
              failed
                  + " valid "
                  + unit
                  + " were not stored by Kafka; send them again (ids are idempotent keys)");
      return 503;
    }
    if (accepted == 0) {
      out.put("status", 400)
          .put("error", "invalid-items")
          .put("message", "no item was valid; see " + listed);
      return 400;
    }
    return 202;
  }

  private static ObjectNode rejection(
      String at, long position, String id, List<FieldError> errors) {
    ObjectNode o = F.objectNode().put(at, position);
    if (id != null) {
      o.put("id", id);
    } else {
      o.putNull("id");
    }
    ArrayNode es = o.putArray("errors");
    errors.forEach(e -> es.add(F.objectNode().put("field", e.field()).put("message", e.message())));
    return o;
  }

  /** What a stream's answer counts. */
  private static final class Tally {
    long lines;
    long accepted;
    long rejected;
    final ArrayNode rejections = F.arrayNode();
    final ArrayNode failures = F.arrayNode();
  }

  /** A stored record's position and id. */
  private interface Stored {
    void at(long position, String key);
  }

  /** A failed record's position, id and reason. */
  private interface Failed {
    void at(long position, String key, String error);
  }

  /** The valid items of one batch or stream chunk, in order, each with its position. */
  private final class Chunk {
    final List<Long> positions = new ArrayList<>();
    final List<Publisher.Keyed<V>> valid = new ArrayList<>();
    private final Map<String, Long> first = new HashMap<>();
    private final String unit;
    private final String scope;
    int read;
    Publisher.Pending sent; // null until sent, or when nothing in it was valid

    Chunk(String unit, String scope) {
      this.unit = unit;
      this.scope = scope;
    }

    /** Keeps a valid item; returns an invalid one's errors (empty when kept). */
    List<FieldError> offer(Parsed<V> p, long position) {
      List<FieldError> errors = p.errors();
      // Two items with one id in one batch would race for the key; the first wins, the rest are
      // refused.
      if (uniqueKeys && p.valid()) {
        Long earlier = first.putIfAbsent(p.key(), position);
        if (earlier != null) {
          errors = List.of(new FieldError("id", "duplicates " + unit + " " + earlier + scope));
        }
      }
      if (errors.isEmpty()) {
        positions.add(position);
        valid.add(new Publisher.Keyed<>(p.key(), p.value()));
      } else {
        metrics.rejected(kind, errors.get(0).field());
      }
      return errors;
    }

    void send() {
      if (!valid.isEmpty()) {
        sent = publisher.send(topic, serde, kind, valid);
      }
    }

    /**
     * Waits for what was sent and hands each record's outcome to the stored or failed side, and
     * counts.
     */
    void settle(Stored stored, Failed failed) {
      List<String> outcome = sent == null ? List.of() : sent.await();
      int accepted = 0;
      for (int j = 0; j < valid.size(); j++) {
        if (outcome.get(j) == null) {
          accepted++;
          stored.at(positions.get(j), valid.get(j).key());
          onStored.accept(valid.get(j).value());
        } else {
          failed.at(positions.get(j), valid.get(j).key(), outcome.get(j));
        }
      }
      metrics.accepted(kind, accepted);
      metrics.failed(kind, valid.size() - accepted);
    }
  }
}
