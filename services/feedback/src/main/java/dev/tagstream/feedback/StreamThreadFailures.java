package dev.tagstream.feedback;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What a failed stream thread becomes. A transaction the cluster refused while a partition leader
 * or the transaction coordinator moved (InvalidTxnStateException on commit, seen when a broker of
 * three was killed in ClusterReliabilityIT) or a retriable error is the cluster's fault, not the
 * data's: the thread is replaced, its new producer aborts the open transaction, and its tasks start
 * again from the committed offsets, so exactly-once holds. Anything else, or more than {@code
 * budget} replacements within {@code window}, stops the app and fails liveness, so a fault that
 * keeps coming back is seen and restarted rather than looped on.
 */
final class StreamThreadFailures {
  private final int budget;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Deque<Long> replaced = new ArrayDeque<>();

  StreamThreadFailures(int budget, Duration window, LongSupplier nanoTime) {
    this.budget = budget;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
  }

  synchronized StreamThreadExceptionResponse onFailure(Throwable e) {
    if (!causedByTheCluster(e)) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = nanoTime.getAsLong();
    while (!replaced.isEmpty() && now - replaced.peekFirst() > windowNanos) {
      replaced.removeFirst();
    }
    if (replaced.size() >= budget) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replaced.addLast(now);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Whether the error, or any cause of it, is one the cluster gives while it fails over. */
  static boolean causedByTheCluster(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidTxnStateException || t instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }
}
