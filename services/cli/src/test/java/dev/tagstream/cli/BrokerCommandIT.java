package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagstream broker} as the README shows it: its own OS process, with the documented options,
 * and topics.
 */
class BrokerCommandIT {
  @Test
  void brokerStartsAsItsOwnProcessWithTheDocumentedOptionsAndCreatesTheTopics(@TempDir Path dir)
      throws Exception {
    int port = dev.tagstream.core.net.FreePorts.take(1, 0)[0];
    Path log = dir.resolve("broker.log");
    Process broker =
        new ProcessBuilder(
                MainJvm.command(
                    List.of("-Xmx1g"),
                    "broker",
                    "--broker-port",
                    Integer.toString(port),
                    "--data-dir",
                    dir.toString(),
                    "--partitions",
                    "2",
                    "--replication",
                    "1"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      UpCommandIT.awaitLine(log, "broker listening at 127.0.0.1:" + port, broker);
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        assertTrue(
            topics.containsAll(
                List.of(
                    "images",
                    "predictions",
                    "labels",
                    "label-state",
                    "failures",
                    "models",
                    "vocabulary")),
            topics.toString());
        assertEquals(
            2,
            admin
                .describeTopics(List.of("images"))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get("images")
                .partitions()
                .size());
      }
    } finally {
      broker.destroy();
      broker.waitFor(30, TimeUnit.SECONDS);
      broker.destroyForcibly();
    }
  }

  @Test
  void aReplicationTheLocalBrokerCannotGiveIsRefusedNamingTheKeyAndItsSource(@TempDir Path dir) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of("broker", "--replication", "3", "--data-dir", dir.toString()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, rc, e);
    assertTrue(
        e.contains("replication=3 (from flag --replication) but the local broker is a single node"),
        e);
  }
}
