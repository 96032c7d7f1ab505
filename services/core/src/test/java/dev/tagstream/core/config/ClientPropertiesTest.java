package dev.tagstream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {
  private static KafkaConfig read(List<String> args, Map<String, String> env) {
    return KafkaSettings.read(Settings.parse(KafkaSettings.all(), args, env));
  }

  @Test
  void environmentNamesMapToPassThroughKeys() {
    assertEquals(
        "kafka.security.protocol", PassThroughKeys.fromEnv("TAGSTREAM_KAFKA_SECURITY_PROTOCOL"));
    assertEquals(
        "worker.kafka.sasl.jaas.config",
        PassThroughKeys.fromEnv("TAGSTREAM_WORKER_KAFKA_SASL_JAAS_CONFIG"));
    assertEquals("kafka.some_odd.key", PassThroughKeys.fromEnv("TAGSTREAM_KAFKA_SOME__ODD_KEY"));
    assertNull(PassThroughKeys.fromEnv("TAGSTREAM_WORKER_MAX_BATCH"));
    assertNull(PassThroughKeys.fromEnv("TAGSTREAM_BENCH_KAFKA_CLIENT_ID"));
  }

  @Test
  void kafkaConfigFileIsASettingNotAPassThroughProperty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_SSL\n");
    KafkaConfig c = read(List.of(), Map.of("TAGSTREAM_KAFKA_CONFIG", file.toString()));
    assertEquals(Map.of("security.protocol", "SASL_SSL"), c.client().effective());
  }

  @Test
  void fileLosesToSharedWhichLosesToTheRoleOverride(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file, "security.protocol=PLAINTEXT\nrequest.timeout.ms=1000\nclient.rack=file\n");
    Path config = dir.resolve("tagstream.properties");
    Files.writeString(config, "worker.kafka.client.rack=worker-from-config-file\n");
    KafkaConfig c =
        read(
            List.of(
                "--kafka-config",
                file.toString(),
                "--config",
                config.toString(),
                "--kafka.request.timeout.ms=2000"),
            Map.of(
                "TAGSTREAM_KAFKA_CLIENT_RACK",
                "shared-from-env",
                "TAGSTREAM_KAFKA_REQUEST_TIMEOUT_MS",
                "1500"));
    assertEquals(
        Map.of(
            "security.protocol",
            "PLAINTEXT",
            "request.timeout.ms",
            "2000",
            "client.rack",
            "shared-from-env"),
        c.client().effective());
    assertEquals(
        "worker-from-config-file", c.forRole("worker").client().effective().get("client.rack"));
    assertEquals("shared-from-env", c.forRole("ingest").client().effective().get("client.rack"));
    // The role's view survives the runtime resolving the bootstrap address.
    assertEquals(
        "worker-from-config-file",
        c.forRole("worker").withBootstrap("b:9092").client().effective().get("client.rack"));
  }

  @Test
  void keysTagstreamOwnsAreRefusedNamingTheKeyAndItsOrigin(@TempDir Path dir) throws Exception {
    ConfigException flag =
        assertThrows(
            ConfigException.class,
            () -> read(List.of("--kafka.enable.auto.commit", "true"), Map.of()));
    assertTrue(
        flag.getMessage().contains("enable.auto.commit (from flag --kafka.enable.auto.commit)"),
        flag.getMessage());
    ConfigException env =
        assertThrows(
            ConfigException.class,
            () -> read(List.of(), Map.of("TAGSTREAM_WORKER_KAFKA_TRANSACTIONAL_ID", "x")));
    assertTrue(
        env.getMessage()
            .contains(
                "transactional.id (from environment variable "
                    + "TAGSTREAM_WORKER_KAFKA_TRANSACTIONAL_ID)"),
        env.getMessage());
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file, "value.deserializer=org.apache.kafka.common.serialization.StringDeserializer\n");
    ConfigException inFile =
        assertThrows(
            ConfigException.class,
            () -> read(List.of("--kafka-config", file.toString()), Map.of()));
    assertTrue(
        inFile.getMessage().contains("value.deserializer (from client properties file"),
        inFile.getMessage());
    ConfigException bootstrap =
        assertThrows(
            ConfigException.class,
            () -> read(List.of("--kafka.bootstrap.servers", "h:1"), Map.of()));
    assertTrue(bootstrap.getMessage().contains("--bootstrap"), bootstrap.getMessage());
  }

  @Test
  void passThroughKeysAreUnknownToCommandsWithoutKafkaClients() {
    Setting other = Setting.of("name", null, "A name.");
    assertThrows(
        ConfigException.class,
        () -> Settings.parse(List.of(other), List.of("--kafka.client.id", "x"), Map.of()));
    assertThrows(
        ConfigException.class,
        () -> Settings.parse(KafkaSettings.all(), List.of("--bench.kafka.x", "1"), Map.of()));
  }

  @Test
  void secretsAreReadFromFilesAndMaskedWhenShown(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("jaas");
    Files.writeString(
        secret,
        "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"s3cr3t\";\n");
    KafkaConfig c =
        read(
            List.of(
                "--kafka.sasl.jaas.config",
                "file:" + secret,
                "--worker.kafka.ssl.truststore.password",
                "changeit",
                "--kafka.security.protocol",
                "SASL_SSL"),
            Map.of());
    assertEquals(
        "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"s3cr3t\";",
        c.client().effective().get("sasl.jaas.config"));
    ClientProperties worker = c.forRole("worker").client();
    assertEquals(
        Map.of(
            "sasl.jaas.config",
            ClientProperties.MASK,
            "ssl.truststore.password",
            ClientProperties.MASK,
            "security.protocol",
            "SASL_SSL"),
        worker.masked());
    String shown = worker.toString();
    assertFalse(shown.contains("s3cr3t") || shown.contains("changeit"), shown);
    assertTrue(shown.contains("kafka.security.protocol=SASL_SSL"), shown);
  }

  @Test
  void aMissingSecretFileFailsWithoutEchoingAnything(@TempDir Path dir) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                read(
                    List.of("--kafka.ssl.key.password", "file:" + dir.resolve("absent")),
                    Map.of()));
    assertTrue(
        e.getMessage().contains("ssl.key.password (from flag --kafka.ssl.key.password)"),
        e.getMessage());
  }

  @Test
  void onlySecretsFollowFileIndirection() {
    // KIP-768 lets a token endpoint be a file: URL; it must reach Kafka unchanged.
    String url = "file:/var/run/token";
    assertEquals(
        url, ClientPropertySources.resolve("sasl.oauthbearer.token.endpoint.url", url, "test"));
    assertEquals("file:/x", ClientPropertySources.resolve("client.rack", "file:/x", "test"));
    assertTrue(ClientProperties.isSecret("ssl.keystore.password"));
    assertTrue(ClientProperties.isSecret("sasl.jaas.config"));
    assertTrue(ClientProperties.isSecret("ssl.keystore.key"));
    assertFalse(ClientProperties.isSecret("security.protocol"));
  }
}
