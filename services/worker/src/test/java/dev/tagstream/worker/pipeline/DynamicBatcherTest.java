package dev.tagstream.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final DynamicBatcher<Integer> batcher = new DynamicBatcher<>(3, 10, now::get);

  @Test
  void waitsWhileBatchIsPartialAndYoung() {
    batcher.add(1);
    now.addAndGet(9);
    assertEquals(List.of(), batcher.pollDue());
    assertEquals(1, batcher.depth());
  }

  @Test
  void releasesPartialBatchWhenOldestReachesMaxWait() {
    batcher.add(1);
    now.addAndGet(5);
    batcher.add(2);
    now.addAndGet(5);
    assertEquals(List.of(1, 2), batcher.pollDue());
    assertEquals(0, batcher.depth());
  }

  @Test
  void releasesFullBatchAtOnceAndKeepsTheRest() {
    for (int i = 1; i <= 5; i++) {
      batcher.add(i);
    }
    assertEquals(List.of(1, 2, 3), batcher.pollDue());
    assertEquals(List.of(), batcher.pollDue()); // 4 and 5 arrived now: they wait
    now.addAndGet(10);
    assertEquals(List.of(4, 5), batcher.pollDue());
  }

  @Test
  void takeReturnsFullBatchWithoutWaiting() throws InterruptedException {
    DynamicBatcher<Integer> real =
        new DynamicBatcher<>(2, TimeUnit.HOURS.toNanos(1), System::nanoTime);
    real.add(7);
    real.add(8);
    assertEquals(List.of(7, 8), real.take());
  }

  @Test
  void takeReturnsPartialBatchAfterMaxWait() throws InterruptedException {
    DynamicBatcher<Integer> real =
        new DynamicBatcher<>(100, TimeUnit.MILLISECONDS.toNanos(5), System::nanoTime);
    real.add(1);
    long t0 = System.nanoTime();
    assertEquals(List.of(1), real.take());
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(true, waitedMs >= 4 && waitedMs < 1000, "waited " + waitedMs + " ms");
  }

  @Test
  void closeHandsOutTheRestThenEmptyBatches() throws InterruptedException {
    DynamicBatcher<Integer> real =
        new DynamicBatcher<>(10, TimeUnit.HOURS.toNanos(1), System::nanoTime);
    real.add(1);
    real.close();
    assertEquals(List.of(1), real.take());
    assertEquals(List.of(), real.take());
  }
}
