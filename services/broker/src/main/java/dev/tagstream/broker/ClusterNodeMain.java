package dev.tagstream.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One node of a multi-node KRaft cluster as its own process, so that a fault test can SIGKILL it
 * the way an operating system would: {@code java -cp ... dev.tagstream.broker.ClusterNodeMain --dir
 * D --node-id N --roles broker|controller --port P --controller-port C --voters V --cluster-id ID
 * --replication R}. It runs until it is stopped (SIGTERM: a controlled shutdown). Not a user
 * command: the reliability bench starts it.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    String roles = need(a, "roles");
    KafkaNode node =
        new KafkaNode(
            Integer.parseInt(need(a, "node-id")),
            roles.contains("broker"),
            roles.contains("controller"),
            need(a, "voters"),
            need(a, "cluster-id"),
            Integer.parseInt(need(a, "replication")));
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            Path.of(need(a, "dir")),
            Integer.parseInt(a.getOrDefault("port", "0")),
            Integer.parseInt(need(a, "controller-port")),
            node);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "kafka-node-shutdown"));
    System.out.println("kafka node " + node.id() + " (" + node.roles() + ") up");
    stopped.await();
  }

  private static String need(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }
}
