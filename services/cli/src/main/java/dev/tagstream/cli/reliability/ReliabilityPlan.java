package dev.tagstream.cli.reliability;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One reliability run. {@code images} good references through ingest; {@code workers} worker
 * processes; {@code workerKills} SIGKILLs spread over the load; the broker, feedback and trainer
 * faults when their flags are on; {@code rate}: references per second through ingest (0: as fast as
 * {@code lead} allows); {@code stall}: how long the outputs may stand still before the run gives up
 * and reports what is missing; {@code brokers}: 1 (in this JVM, restarted when {@code
 * brokerRestart}) or 3 (separate processes, replication 3: leader kills and a two-broker outage of
 * length {@code outage} instead).
 */
record ReliabilityPlan(
    Path dir,
    long images,
    int workers,
    int workerKills,
    String delivery,
    boolean brokerRestart,
    boolean feedbackRestart,
    boolean trainerKill,
    int labels,
    int batch,
    long lead,
    double rate,
    Duration stall,
    int brokers,
    Duration outage) {
  boolean cluster() {
    return brokers > 1;
  }

  boolean exactlyOnce() {
    return "exactly-once".equals(delivery);
  }
}
