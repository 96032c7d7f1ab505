package dev.tagstream.cli.reliability;

import dev.tagstream.broker.ClusterNodeMain;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster on loopback, each node its own JVM: one controller (never killed, so broker
 * faults never cost the metadata quorum) and {@code n} brokers with node ids 1..n, data under
 * {@code dir}. Brokers can be killed (SIGKILL), stopped (SIGTERM, a controlled shutdown) and
 * started again on the same data and ports; leaders and in-sync replicas are read through the Admin
 * API.
 */
final class KafkaCluster implements AutoCloseable {
  private static final int CONTROLLER_ID = 0;
  private static final Duration START = Duration.ofSeconds(120);

  /**
   * A fixed heap, committed and touched at start (as kafka-server-start's fixed -Xms/-Xmx does for
   * a production broker): the soak's resident-memory check then sees only native growth, not the
   * heap filling its reserved pages for the first time, which it cannot tell from a leak.
   */
  private static final List<String> NODE_JVM =
      List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

  private final ChildProcess controller;
  private final List<ChildProcess> brokers = new ArrayList<>();
  private final String bootstrap;
  private final Admin admin;

  private KafkaCluster(Path dir, int n) throws IOException {
    int[] ports = FreePorts.take(n + 1, 0);
    String voters = CONTROLLER_ID + "@127.0.0.1:" + ports[n];
    String clusterId = Uuid.randomUuid().toString();
    controller = node(dir, CONTROLLER_ID, "controller", 0, ports[n], voters, clusterId, n);
    List<String> addresses = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      brokers.add(node(dir, id, "broker", ports[id - 1], ports[n], voters, clusterId, n));
      addresses.add("127.0.0.1:" + ports[id - 1]);
    }
    bootstrap = String.join(",", addresses);
    admin =
        Admin.create(KafkaClients.adminProps(new KafkaConfig(bootstrap, "", 1, (short) n, dir, 0)));
  }

  private static ChildProcess node(
      Path dir, int id, String roles, int port, int cport, String voters, String clusterId, int n)
      throws IOException {
    Path data = Files.createDirectories(dir.resolve("node-" + id));
    return new ChildProcess(
        "kafka-" + id,
        NODE_JVM,
        ClusterNodeMain.class.getName(),
        List.of(
            "--dir", data.toString(),
            "--node-id", Integer.toString(id),
            "--roles", roles,
            "--port", Integer.toString(port),
            "--controller-port", Integer.toString(cport),
            "--voters", voters,
            "--cluster-id", clusterId,
            "--replication", Integer.toString(n)),
        dir.resolve("kafka-" + id + ".log"),
        "warn");
  }

  /** Starts the controller and {@code n} brokers and waits until every broker has registered. */
  static KafkaCluster start(Path dir, int n) throws Exception {
    KafkaCluster c = new KafkaCluster(Files.createDirectories(dir), n);
    try {
      c.controller.start();
      c.brokers.forEach(ChildProcess::start);
      c.awaitBrokers(n, START);
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  String bootstrap() {
    return bootstrap;
  }

  /** Every node's process, the controller first (to read their resources). */
  List<ChildProcess> processes() {
    List<ChildProcess> all = new ArrayList<>(List.of(controller));
    all.addAll(brokers);
    return all;
  }

  int size() {
    return brokers.size();
  }

  /** SIGKILL of broker {@code id}: no controlled shutdown, its leaderships are lost on the spot. */
  void kill(int id) throws InterruptedException {
    broker(id).kill();
  }

  /** A controlled shutdown of broker {@code id} (SIGTERM). */
  void stop(int id) throws InterruptedException {
    broker(id).close();
  }

  void start(int id) {
    broker(id).start();
  }

  private ChildProcess broker(int id) {
    return brokers.get(id - 1);
  }

  /** The node id leading {@code topic}'s {@code partition}, or -1 when it has no leader. */
  int leader(String topic, int partition) throws Exception {
    Node l = describe(List.of(topic)).get(topic).partitions().get(partition).leader();
    return l == null || l.isEmpty() ? -1 : l.id();
  }

  /**
   * Waits until {@code topic}'s {@code partition} is led by a broker other than {@code old}; the
   * seconds it took, or NaN when it did not happen within {@code timeout}.
   */
  double awaitNewLeader(String topic, int partition, int old, Duration timeout, long since)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      int now = leader(topic, partition);
      if (now >= 0 && now != old) {
        return (System.nanoTime() - since) / 1e9;
      }
      Thread.sleep(100);
    }
    return Double.NaN;
  }

  /**
   * Waits until every broker is registered and every partition of {@code topics} has all its
   * replicas in sync (the cluster has fully recovered); false when that did not happen in time.
   */
  boolean awaitFullIsr(Collection<String> topics, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (registered() == brokers.size() && underReplicated(topics) == 0) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  private long underReplicated(Collection<String> topics) {
    try {
      return describe(topics).values().stream()
          .flatMap(d -> d.partitions().stream())
          .filter(p -> p.leader() == null || p.isr().size() < p.replicas().size())
          .count();
    } catch (Exception e) {
      return Long.MAX_VALUE; // not answerable right now: not recovered
    }
  }

  private Map<String, TopicDescription> describe(Collection<String> topics) throws Exception {
    return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
  }

  /** The brokers the controller currently counts as registered and unfenced. */
  private int registered() {
    try {
      return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
    } catch (Exception e) {
      return 0;
    }
  }

  private void awaitBrokers(int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (registered() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only "
                + registered()
                + " of "
                + n
                + " brokers registered within "
                + timeout
                + "; see the kafka-*.log files beside the data");
      }
      Thread.sleep(250);
    }
  }

  /** The partitions of {@code topic} and their leaders, as "p:leader" (for the report). */
  String leaders(String topic) throws Exception {
    return describe(List.of(topic)).get(topic).partitions().stream()
        .map(p -> p.partition() + ":" + (p.leader() == null ? "-" : p.leader().id()))
        .collect(Collectors.joining(" "));
  }

  @Override
  public void close() throws InterruptedException {
    admin.close(Duration.ofSeconds(2));
    for (ChildProcess b : brokers) {
      b.kill(); // the run is over: nothing to keep consistent, and a graceful stop takes ~7 s each
    }
    controller.kill();
  }
}
