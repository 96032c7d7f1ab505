package dev.tagstream.broker;

import dev.tagstream.core.kafka.LocalBroker;
import dev.tagstream.core.net.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (combined KRaft broker and controller) inside this JVM. Used by tests,
 * the demo and {@code tagstream up} when no bootstrap address is configured. Restartable on the
 * same data directory.
 */
public final class EmbeddedKafka implements LocalBroker {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dir;
  private final int port;
  private final int advertisedPort;
  private final int controllerPort;
  private final SaslSslListener secure;
  private final KafkaNode node;
  private KafkaRaftServer server;
  private DataDirLock lock;

  private EmbeddedKafka(
      Path dir,
      int port,
      int advertisedPort,
      int controllerPort,
      SaslSslListener secure,
      KafkaNode node) {
    this.dir = dir;
    this.node = node;
    this.port = port;
    this.advertisedPort = advertisedPort == 0 ? port : advertisedPort;
    this.controllerPort = controllerPort;
    this.secure = secure;
  }

  /**
   * Starts a broker storing its log in {@code dir} (formatted on first use) on {@code port} (0: any
   * free port).
   */
  public static EmbeddedKafka start(Path dir, int port) {
    return start(dir, port, null);
  }

  /**
   * Starts a broker whose client listener is {@code secure} (null: plaintext, no authorizer). The
   * security of a data directory is fixed when it is formatted: the admin's credential lives in its
   * metadata.
   */
  public static EmbeddedKafka start(Path dir, int port, SaslSslListener secure) {
    return start(dir, port, 0, KafkaNode.SINGLE, secure, 0);
  }

  /**
   * Starts a broker that listens on {@code port} but names {@code advertisedPort} as its address to
   * clients and to itself, where a proxy forwards to it: a fault test can then cut the network
   * without stopping the broker (a restart of a sole replica can itself hang a transaction; see
   * brokerProperties).
   */
  public static EmbeddedKafka startAdvertised(Path dir, int port, int advertisedPort) {
    return start(dir, port, 0, KafkaNode.SINGLE, null, advertisedPort);
  }

  /**
   * Starts one node of a multi-node cluster: its client listener on {@code port} when it is a
   * broker, its controller listener on {@code controllerPort} when it is a controller (0: any free
   * port, for either).
   */
  public static EmbeddedKafka start(Path dir, int port, int controllerPort, KafkaNode node) {
    return start(dir, port, controllerPort, node, null, 0);
  }

  private static EmbeddedKafka start(
      Path dir,
      int port,
      int controllerPort,
      KafkaNode node,
      SaslSslListener secure,
      int advertisedPort) {
    try {
      Files.createDirectories(dir);
      DataDirLock lock = DataDirLock.acquire(dir);
      Path portsFile = dir.resolve(PORTS_FILE);
      int p;
      int c;
      if (Files.exists(portsFile)) {
        // Same data, same addresses: clients that knew the broker before a restart find it again.
        String[] ports = Files.readString(portsFile).trim().split(",");
        p = port == 0 ? Integer.parseInt(ports[0]) : port;
        c = controllerPort == 0 ? Integer.parseInt(ports[1]) : controllerPort;
      } else {
        // Both ports are held open together while chosen: two separate probes can be handed the
        // same port by the OS, and Kafka refuses two IPv4 listeners on one port.
        int[] free = FreePorts.take(2, port);
        p = port == 0 ? free[0] : port;
        c = controllerPort == 0 ? free[1] : controllerPort;
        Files.writeString(portsFile, p + "," + c);
      }
      EmbeddedKafka k = new EmbeddedKafka(dir, p, advertisedPort, c, secure, node);
      k.lock = lock;
      try {
        k.startServer();
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
      return k;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded broker in " + dir, e);
    }
  }

  private void startServer() throws IOException {
    long t0 = System.nanoTime();
    Path logDir = dir.resolve("log");
    Path propsFile = dir.resolve("server.properties");
    Properties props = brokerProperties(logDir);
    try (Writer w = Files.newBufferedWriter(propsFile)) {
      props.store(w, "embedded tagstream broker");
    }
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "format",
                  "--config",
                  propsFile.toString(),
                  "--cluster-id",
                  node.clusterId() == null ? Uuid.randomUuid().toString() : node.clusterId(),
                  "--ignore-formatted"));
      if (secure != null) {
        args.addAll(secure.formatArguments());
      }
      int rc =
          StorageTool.execute(
              args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("formatting the embedded broker's storage failed: " + out);
      }
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the embedded broker did not start on port "
              + port
              + " (is another process using it? set --broker-port 0 or --bootstrap)",
          e);
    }
    log.info(
        "embedded Kafka up at {} in {} ms (data in {})",
        bootstrap(),
        (System.nanoTime() - t0) / 1_000_000,
        dir);
  }

  private Properties brokerProperties(Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", node.roles());
    p.put("node.id", String.valueOf(node.id()));
    p.put(
        "controller.quorum.voters",
        node.voters() == null ? node.id() + "@127.0.0.1:" + controllerPort : node.voters());
    List<String> listeners = new ArrayList<>();
    if (node.broker()) {
      listeners.add("PLAINTEXT://127.0.0.1:" + port);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + advertisedPort);
      p.put("inter.broker.listener.name", "PLAINTEXT");
    }
    if (node.controller()) {
      listeners.add("CONTROLLER://127.0.0.1:" + controllerPort);
    }
    p.put("listeners", String.join(",", listeners));
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // Every internal topic must fit on the brokers there are, or groups and transactions hang
    // (FIELD-NOTES); on a cluster they are replicated like tagstream's own topics.
    String replication = String.valueOf(node.replication());
    String minIsr = String.valueOf(node.internalMinIsr());
    p.put("offsets.topic.replication.factor", replication);
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", replication);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", replication);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("log.cleaner.backoff.ms", "1000");
    // A controlled shutdown hands leadership to another replica. With one replica there is none:
    // its partitions are left leaderless while its transaction coordinator still runs, and the
    // coordinator then skips (as if the topic were deleted) the markers of a transaction it is
    // completing. That transaction hangs in its partitions for good: a read_committed reader
    // stalls there, and the group's committed offsets stay unstable (BrokerOutageIT saw both).
    // Stopped without it, the coordinator usually writes those markers after the restart instead,
    // but not always: the restarted node loads its coordinator from the old metadata, is fenced
    // when it registers again (its partitions leaderless for a moment), and can skip them then
    // (BrokerOutageIT saw that too, so it cuts the network instead of restarting the broker).
    p.put("controlled.shutdown.enable", String.valueOf(!node.soleReplica()));
    if (secure != null) {
      p.putAll(secure.brokerProperties(port, controllerPort));
    }
    return p;
  }

  @Override
  public String bootstrap() {
    return "127.0.0.1:" + advertisedPort;
  }

  public Path dir() {
    return dir;
  }

  /** Stops the broker; its data stays, so {@link #start} on the same directory resumes it. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }
}
