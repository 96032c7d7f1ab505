package dev.tagstream.core;

import java.time.Duration;

/**
 * A long-running tagstream service (ingest, worker, feedback, trainer). {@link #start} returns once
 * the service runs in its own threads; {@link #close} drains in-flight work and stops.
 */
public interface Service extends AutoCloseable {
  String name();

  void start();

  /** The port its /metrics, /healthz and /readyz answer on. */
  int httpPort();

  /**
   * How long {@link #close} may wait for in-flight work before it gives up on it; the process's
   * stop is bounded by the longest of these plus {@link ServiceRunner#STOP_GRACE}.
   */
  default Duration drainTimeout() {
    return Duration.ZERO;
  }

  @Override
  void close();
}
