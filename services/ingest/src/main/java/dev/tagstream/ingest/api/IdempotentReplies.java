package dev.tagstream.ingest.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The answers to POSTs that carried an {@code Idempotency-Key}, kept for a while. A client that
 * lost an answer (its timeout fired, the connection dropped) sends the same batch again under the
 * same key and gets the first answer, instead of a second copy of every stored item on Kafka; a
 * repeat that arrives while the first is still being handled waits for it. A key sent again with a
 * different body is refused (422). An answer that was an error is forgotten, so the repeat is
 * handled anew. Kept per process: behind a load balancer a repeat must reach the same replica
 * (sticky sessions) to be recognised; otherwise it is stored again, under the same id, as without a
 * key.
 */
final class IdempotentReplies {
  static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 200;

  private record Entry(byte[] bodyDigest, long atNanos, CompletableFuture<Reply> reply) {}

  private final int capacity;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  IdempotentReplies(int capacity, Duration ttl, LongSupplier nanoClock) {
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.clock = nanoClock;
  }

  /**
   * The remembered answer for this key and body, or the one {@code handle} gives now (and is
   * remembered).
   */
  Reply reply(String key, byte[] body, Supplier<Reply> handle) {
    check(key);
    byte[] digest = sha256(body);
    Entry mine = new Entry(digest, clock.getAsLong(), new CompletableFuture<>());
    Entry earlier;
    synchronized (entries) {
      evictOld();
      earlier = entries.get(key);
      if (earlier == null) {
        entries.put(key, mine);
      }
    }
    if (earlier != null) {
      if (!Arrays.equals(earlier.bodyDigest(), digest)) {
        throw new ApiException(
            422,
            "idempotency-key-reused",
            HEADER
                + " "
                + Texts.quote(key)
                + " was sent before with a different body; use a new key for a new batch");
      }
      return await(earlier, key, body, handle);
    }
    try {
      Reply r = handle.get();
      if (r.status() >= 500) {
        forget(key, mine);
      }
      mine.reply().complete(r);
      return r;
    } catch (RuntimeException | Error e) {
      forget(key, mine);
      mine.reply().completeExceptionally(e);
      throw e;
    }
  }

  private Reply await(Entry earlier, String key, byte[] body, Supplier<Reply> handle) {
    try {
      Reply r = earlier.reply().get();
      return r.status() >= 500
          ? reply(key, body, handle)
          : r; // its error was forgotten: handle it anew
    } catch (ExecutionException e) {
      return reply(key, body, handle); // the first attempt failed and was forgotten: handle it anew
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          503, "interrupted", "the server is shutting down; send the batch again");
    }
  }

  private void forget(String key, Entry entry) {
    synchronized (entries) {
      entries.remove(key, entry);
    }
  }

  /** Oldest first (insertion order): drop what outlived the TTL, then what exceeds the capacity. */
  private void evictOld() {
    long now = clock.getAsLong();
    var it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (now - e.atNanos() > ttlNanos || entries.size() >= capacity) {
        it.remove();
      } else {
        break;
      }
    }
  }

  private static void check(String key) {
    if (key.isEmpty()
        || key.length() > MAX_KEY_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ApiException(
          400,
          "invalid-idempotency-key",
          HEADER + " must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
