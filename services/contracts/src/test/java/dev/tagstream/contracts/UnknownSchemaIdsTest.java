package dev.tagstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnknownSchemaIdsTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private UnknownSchemaIds ids(int capacity) {
    return new UnknownSchemaIds(capacity, Duration.ofSeconds(60), now::get);
  }

  @Test
  void anIdIsRememberedForTheTtlAndForgottenAtIt() {
    UnknownSchemaIds ids = ids(10);
    ids.add(7);
    now.addAndGet(Duration.ofSeconds(60).toNanos() - 1);
    assertTrue(ids.contains(7));
    assertFalse(ids.contains(8));
    now.addAndGet(1);
    assertFalse(ids.contains(7), "60 s after the registry's answer it is asked again");
    assertEquals(0, ids.size(), "an expired entry is dropped when looked up");
  }

  @Test
  void theOldestIdIsForgottenFirstBeyondTheCapacity() {
    UnknownSchemaIds ids = ids(3);
    for (int id = 1; id <= 5; id++) {
      ids.add(id);
    }
    assertEquals(3, ids.size());
    assertFalse(ids.contains(1));
    assertFalse(ids.contains(2));
    assertTrue(ids.contains(3) && ids.contains(4) && ids.contains(5));
  }

  @Test
  void addingAnIdAgainRestartsItsTtlAndMakesItTheNewest() {
    UnknownSchemaIds ids = ids(2);
    ids.add(1);
    ids.add(2);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    ids.add(1);
    ids.add(3); // pushes out 2, now the oldest
    assertFalse(ids.contains(2));
    now.addAndGet(Duration.ofSeconds(45).toNanos());
    assertTrue(ids.contains(1), "75 s after the first answer, 45 s after the second");
  }

  @Test
  void refusesANonPositiveCapacityOrTtl() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new UnknownSchemaIds(0, Duration.ofSeconds(1), now::get));
    assertThrows(
        IllegalArgumentException.class, () -> new UnknownSchemaIds(1, Duration.ZERO, now::get));
  }
}
