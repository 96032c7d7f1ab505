package dev.tagstream.contracts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Schema ids a registry answered 404 for, remembered for a while so that a topic full of records
 * naming one unknown id costs one registry call, not one per record. Bounded (the oldest entry is
 * forgotten first, so random ids cannot grow it) and time-limited (an id registered later, or on a
 * registry replica that lagged, becomes readable again). Thread-safe.
 */
public final class UnknownSchemaIds {
  /** Long enough to absorb a burst of poison records, short enough to see a late registration. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  public static final int DEFAULT_CAPACITY = 1_000;

  private final int capacity;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<Integer, Long> answeredAt;

  /** {@code nanoTime} is the clock ({@code System::nanoTime}; tests pass their own). */
  public UnknownSchemaIds(int capacity, Duration ttl, LongSupplier nanoTime) {
    if (capacity < 1 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("capacity and ttl must be positive");
    }
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
    this.answeredAt =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > UnknownSchemaIds.this.capacity;
          }
        };
  }

  public static UnknownSchemaIds withDefaults() {
    return new UnknownSchemaIds(DEFAULT_CAPACITY, DEFAULT_TTL, System::nanoTime);
  }

  /** Remembers that the registry does not know {@code id}, from now. */
  public synchronized void add(int id) {
    answeredAt.remove(id); // re-inserted last: insertion order is age order
    answeredAt.put(id, nanoTime.getAsLong());
  }

  /** Whether the registry said it does not know {@code id} less than the ttl ago. */
  public synchronized boolean contains(int id) {
    Long at = answeredAt.get(id);
    if (at == null) {
      return false;
    }
    if (nanoTime.getAsLong() - at >= ttlNanos) {
      answeredAt.remove(id);
      return false;
    }
    return true;
  }

  /** Entries held (expired ones included until looked up or pushed out). */
  public synchronized int size() {
    return answeredAt.size();
  }

  public Duration ttl() {
    return Duration.ofNanos(ttlNanos);
  }
}
