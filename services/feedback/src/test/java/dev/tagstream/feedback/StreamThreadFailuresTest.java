package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
  private static final StreamThreadExceptionResponse REPLACE =
      StreamThreadExceptionResponse.REPLACE_THREAD;
  private static final StreamThreadExceptionResponse SHUTDOWN =
      StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

  private static StreamsException commitFailed() {
    return new StreamsException(
        "Error encountered trying to commit a transaction",
        new InvalidTxnStateException("invalid state"));
  }

  @Test
  void aRefusedTransactionOrARetriableErrorReplacesTheThreadAndAnythingElseStopsTheApp() {
    StreamThreadFailures f = new StreamThreadFailures(5, Duration.ofMinutes(10), () -> 0L);
    assertEquals(REPLACE, f.onFailure(commitFailed()));
    assertEquals(REPLACE, f.onFailure(new StreamsException(new TimeoutException("t"))));
    assertEquals(SHUTDOWN, f.onFailure(new StreamsException(new IllegalStateException("bug"))));
    assertEquals(SHUTDOWN, f.onFailure(new NullPointerException()));
  }

  @Test
  void moreThanTheBudgetWithinTheWindowStopsTheAppAndOldReplacementsAgeOut() {
    AtomicLong now = new AtomicLong();
    StreamThreadFailures f = new StreamThreadFailures(2, Duration.ofSeconds(60), now::get);
    assertEquals(REPLACE, f.onFailure(commitFailed())); // t = 0
    now.set(Duration.ofSeconds(30).toNanos());
    assertEquals(REPLACE, f.onFailure(commitFailed())); // t = 30 s: 2 in the window
    now.set(Duration.ofSeconds(59).toNanos());
    assertEquals(SHUTDOWN, f.onFailure(commitFailed())); // a third within 60 s
    now.set(Duration.ofSeconds(61).toNanos());
    assertEquals(REPLACE, f.onFailure(commitFailed())); // t = 0 aged out: 30 s and 61 s
    now.set(Duration.ofSeconds(62).toNanos());
    assertEquals(SHUTDOWN, f.onFailure(commitFailed()));
  }
}
