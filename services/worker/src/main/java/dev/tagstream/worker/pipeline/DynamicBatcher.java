package dev.tagstream.worker.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Groups items into batches for inference: a batch is due as soon as maxBatch items wait, or when
 * the oldest has waited maxWait, whichever comes first. Under load batches fill at once
 * (throughput); at low load no item waits longer than maxWait (latency). The clock is injected;
 * {@link #pollDue()} is the pure decision and {@link #take()} the blocking form the inference
 * thread uses.
 */
public final class DynamicBatcher<T> {
  private record Entry<T>(T item, long addedNanos) {}

  private final int maxBatch;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean closed;

  DynamicBatcher(int maxBatch, long maxWaitNanos, LongSupplier nanoTime) {
    if (maxBatch < 1 || maxWaitNanos < 0) {
      throw new IllegalArgumentException("maxBatch >= 1 and maxWait >= 0 required");
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    this.nanoTime = nanoTime;
  }

  void add(T item) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("batcher closed");
      }
      queue.add(new Entry<>(item, nanoTime.getAsLong()));
      // the waiter needs to know when a timer starts (first item) or a batch is full
      if (queue.size() == 1 || queue.size() == maxBatch) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The batch that is due now (oldest first), or an empty list when waiting longer is still
   * allowed.
   */
  List<T> pollDue() {
    lock.lock();
    try {
      if (queue.isEmpty()) {
        return List.of();
      }
      boolean full = queue.size() >= maxBatch;
      boolean old = nanoTime.getAsLong() - queue.peek().addedNanos() >= maxWaitNanos;
      return full || old || closed ? drain() : List.of();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until a batch is due; after close, returns what is left and then empty lists. */
  List<T> take() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        List<T> due = pollDue();
        if (!due.isEmpty() || closed) {
          return due;
        }
        if (queue.isEmpty()) {
          changed.await();
        } else {
          long left = queue.peek().addedNanos() + maxWaitNanos - nanoTime.getAsLong();
          changed.awaitNanos(Math.max(left, 1));
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private List<T> drain() {
    int n = Math.min(maxBatch, queue.size());
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(queue.poll().item());
    }
    return out;
  }

  /** Items waiting for a batch. */
  int depth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** No more items; take() hands out the rest at once. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static long millisToNanos(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}
