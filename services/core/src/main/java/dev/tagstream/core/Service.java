package dev.tagstream.core;

/**
 * A long-running tagstream service (ingest, worker, feedback, trainer). {@link #start} returns once
 * the service runs in its own threads; {@link #close} drains in-flight work and stops.
 */
public interface Service extends AutoCloseable {
  String name();

  void start();

  /** The port its /metrics, /healthz and /readyz answer on. */
  int httpPort();

  @Override
  void close();
}
