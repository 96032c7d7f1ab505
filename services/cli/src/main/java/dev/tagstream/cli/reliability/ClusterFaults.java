package dev.tagstream.cli.reliability;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The faults of a three-broker run: the leader of a partition killed (SIGKILL) and restarted, and
 * an outage of two brokers at once, during which writes must fail (replication 3,
 * min.insync.replicas 2): ingest answers 503 and acknowledges nothing, the workers wait instead of
 * dead-lettering. Each fault writes its row: how long until a new leader, and until every replica
 * was back in sync.
 */
final class ClusterFaults {
  /** Longer than any election or catch-up measured here (FIELD-NOTES: 10-15 s per broker kill). */
  private static final Duration RECOVERY = Duration.ofSeconds(180);

  private final KafkaCluster cluster;
  private final List<String> topics;
  private final Report report;
  private final PrintStream err;

  ClusterFaults(KafkaCluster cluster, List<String> topics, Report report, PrintStream err) {
    this.cluster = cluster;
    this.topics = List.copyOf(topics);
    this.report = report;
    this.err = err;
  }

  /**
   * SIGKILL of the broker leading {@code topic}'s {@code partition}; restarted once a new leader is
   * elected.
   */
  void killLeader(String topic, int partition, int n) throws Exception {
    int old = cluster.leader(topic, partition);
    long t0 = System.nanoTime();
    cluster.kill(old);
    double elected = cluster.awaitNewLeader(topic, partition, old, RECOVERY, t0);
    cluster.start(old);
    boolean back = cluster.awaitFullIsr(topics, RECOVERY);
    double recovered = (System.nanoTime() - t0) / 1e9;
    String observed =
        String.format(
            Locale.ROOT,
            "broker %d killed; new leader (broker %d) after %s; restarted, every replica in sync"
                + " after %s",
            old,
            cluster.leader(topic, partition),
            seconds(elected),
            back ? seconds(recovered) : "NOT within " + RECOVERY.toSeconds() + " s");
    err.printf("%n%s%n", observed);
    report.add(
        "cluster",
        "leader of " + topic + "-" + partition + " killed (SIGKILL) #" + n + ", restarted",
        "a new leader, then every replica in sync",
        observed,
        !Double.isNaN(elected) && back);
  }

  /**
   * Two brokers stopped for {@code outage}, then started again; what ingest answered meanwhile is
   * counted by {@code driver}.
   */
  void outage(Duration outage, LoadDriver driver) throws Exception {
    int survivor = cluster.size();
    driver.unpaced(true);
    long t0 = System.nanoTime();
    for (int id = 1; id < survivor; id++) {
      cluster.stop(id);
    }
    double stopped = (System.nanoTime() - t0) / 1e9;
    // counted from when both are down: while the first stops, writes still reach two replicas
    long unavailable = driver.unavailable.get();
    long accepted = driver.accepted.get();
    Thread.sleep(outage.toMillis());
    long answered503 = driver.unavailable.get() - unavailable;
    long acceptedDuring = driver.accepted.get() - accepted;
    long t1 = System.nanoTime();
    for (int id = 1; id < survivor; id++) {
      cluster.start(id);
    }
    boolean back = cluster.awaitFullIsr(topics, RECOVERY);
    double recovered = (System.nanoTime() - t1) / 1e9;
    driver.unpaced(false);
    err.printf(
        "%ntwo brokers down for %s: %d answers 503, %d references accepted; recovered in %s%n",
        outage, answered503, acceptedDuring, seconds(recovered));
    report.add(
        "cluster",
        "brokers 1-" + (survivor - 1) + " stopped for " + outage.toSeconds() + " s: ingest answers",
        "503 (not stored), retried by the client",
        String.format(
            Locale.ROOT,
            "%d answers 503 (stopping took %s); %d references acknowledged meanwhile",
            answered503,
            seconds(stopped),
            acceptedDuring),
        answered503 > 0);
    report.add(
        "cluster",
        "after the two-broker outage",
        "every replica in sync again",
        back
            ? "in sync " + seconds(recovered) + " after the restarts"
            : "NOT within " + RECOVERY.toSeconds() + " s",
        back);
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "never" : String.format(Locale.ROOT, "%.1f s", s);
  }
}
