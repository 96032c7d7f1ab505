package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.broker.testkit.ServiceAcls;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaRuntime;
import dev.tagstream.core.kafka.KafkaUnavailableException;
import dev.tagstream.core.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up's topic check on a SASL_SSL broker when only a service's own settings carry credentials
 * ({@code worker.kafka.sasl.jaas.config}, as docs/operations.md advises): it runs as that service's
 * principal, in {@code tagstream up} (several services) as in a single service's command.
 */
class KafkaRuntimeSaslIT {
  @TempDir Path dir;

  @Test
  void theTopicCheckRunsAsEachServicesOwnPrincipal() throws Exception {
    SecureTestBroker broker = SecureTestBroker.get();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "k" + id + ".";
    TopicAdmin.ensureTopics(broker.adminConfig(prefix));
    String user = "worker-" + id;
    broker.createUser(user, user + "-pw");
    broker.grant(user, prefix, ServiceAcls.of("worker", false));
    Path jaas =
        Files.writeString(dir.resolve("worker-jaas"), SaslSslListener.jaas(user, user + "-pw"));
    Path shared =
        Files.write(
            dir.resolve("client.properties"),
            List.of(
                "security.protocol=SASL_SSL",
                "sasl.mechanism=" + SaslSslListener.MECHANISM,
                "ssl.truststore.location=" + broker.truststore(),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.password=" + broker.truststorePassword()));
    KafkaConfig config =
        broker.config(prefix, shared, "--worker.kafka.sasl.jaas.config", "file:" + jaas);

    try (KafkaRuntime kafka = KafkaRuntime.open(config, List.of("worker"))) {
      assertEquals(broker.bootstrap(), kafka.config().bootstrap());
    }
    try (KafkaRuntime kafka = KafkaRuntime.open(config.forRole("worker"))) {
      assertEquals(broker.bootstrap(), kafka.config().bootstrap());
    }
    // what both did before: the check with the shared settings, which hold no credentials
    KafkaUnavailableException e =
        assertThrows(KafkaUnavailableException.class, () -> KafkaRuntime.open(config));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot create a Kafka client for "
                    + broker.bootstrap()
                    + ": Could not find a 'KafkaClient' entry in the JAAS configuration."),
        e.getMessage());
  }
}
