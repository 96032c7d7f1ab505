package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ConfluentWire;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.contracts.ValueEncoding.Format;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.SchemaRegistration;
import dev.tagstream.core.kafka.SchemaRegistrationException;
import dev.tagstream.core.schemaregistry.LocalRegistry;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.core.testkit.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * schema-registry-user and -password against a registry that requires HTTP basic authentication:
 * the real Apicurio Registry 3.0.9, no proxy in front. Apicurio needs no Keycloak for this: its
 * build carries Quarkus's embedded user list, and {@link LocalRegistry} turns on basic
 * authentication for every {@code /apis/*} path with one user. Log lines are captured from
 * System.err, where the log4j2 console appender writes (it follows System.err).
 */
class SchemaRegistryLoginIT {
  private static final String USER = "tagstream-svc";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static LocalRegistry registry;

  @BeforeAll
  static void startARegistryThatRequiresALogin() {
    registry = TestRegistry.startWithLogin(new Credentials(USER, PASSWORD));
  }

  @AfterAll
  static void stopIt() {
    registry.close();
  }

  @AfterEach
  void backToTheDefault() {
    ValueEncoding.reset();
  }

  @Test
  void theRightLoginRegistersEverySubjectAndTailReadsTheRegistryFormatWithIt(@TempDir Path dir)
      throws Exception {
    KafkaConfig c =
        TestBroker.freshConfig(1)
            .withSerde(
                new SerdeConfig(Format.REGISTRY, registry.url(), new Credentials(USER, PASSWORD)));
    SchemaRegistration.apply(c);
    Records.send(c, Topics.PREDICTIONS, "p-1", ContractSamples.prediction("p-1"));
    var client = new SchemaRegistryClient(registry.url(), new Credentials(USER, PASSWORD));
    String subject = Topics.PREDICTIONS.name(c.topicPrefix()) + "-value";
    assertEquals(List.of(1), client.versions(subject));
    ValueEncoding.reset(); // tail must find the schema through its own login

    Path secret = Files.writeString(dir.resolve("registry-password"), PASSWORD + "\n");
    String[] run =
        run(
            "tail",
            "predictions",
            "--bootstrap",
            c.bootstrap(),
            "--topic-prefix",
            c.topicPrefix(),
            "--schema-registry-url",
            registry.url().toString(),
            "--schema-registry-user",
            USER,
            "--schema-registry-password",
            "file:" + secret);
    assertEquals("0", run[0], run[2]);
    List<String> lines = run[1].lines().toList();
    assertEquals(1, lines.size(), run[1]);
    var record = new ObjectMapper().readTree(lines.get(0));
    assertEquals("p-1", record.get("key").asText());
    assertEquals("v3", record.get("value").get("modelVersion").asText());
    assertTrue(
        run[2].contains("schema registry " + registry.url()),
        "the log lines were captured (the registry is named in one):\n" + run[2]);
    assertFalse(run[2].contains(PASSWORD), "the password in the output:\n" + run[2]);
    assertTrue(
        Arrays.equals(
            ConfluentWire.header(client.register(subject, Prediction.getClassSchema())),
            Arrays.copyOf(rawValue(c), 5)),
        "the record on the topic is in the registry wire format");
  }

  @Test
  void aWrongPasswordStopsAServiceStartWithOneLineNamingTheRegistryAnd401() {
    String wrong = "wrong-" + UUID.randomUUID();
    KafkaConfig c = TestBroker.freshConfig(1);
    String[] run =
        run(
            "ingest",
            "--bootstrap",
            c.bootstrap(),
            "--topic-prefix",
            c.topicPrefix(),
            "--ingest.http-port",
            "0",
            "--serde",
            "registry",
            "--schema-registry-url",
            registry.url().toString(),
            "--schema-registry-user",
            USER,
            "--schema-registry-password",
            wrong);
    assertEquals("1", run[0], run[1] + run[2]);
    assertEquals(
        "tagstream ingest: cannot use the schema registry: schema registry at "
            + registry.url()
            + " answered 401 (Unauthorized): it refused the login of user '"
            + USER
            + "'; check schema-registry-user and schema-registry-password (GET /config)\n",
        run[3],
        "what the command printed");
    // Log lines are captured (the right-login test sees them); here there are none besides that
    // one.
    assertEquals(run[3], run[2], "all the start wrote, log lines included");
    assertFalse(run[2].contains(wrong), "the password in a log line:\n" + run[2]);
  }

  @Test
  void noLoginAtAllIsNamedAsTheMissingSetting() {
    KafkaConfig c =
        TestBroker.freshConfig(1).withSerde(new SerdeConfig(Format.REGISTRY, registry.url(), null));
    SchemaRegistrationException e =
        assertThrows(SchemaRegistrationException.class, () -> SchemaRegistration.apply(c));
    assertEquals(
        "cannot use the schema registry: schema registry at "
            + registry.url()
            + " answered 401 (Unauthorized): it requires a login; set schema-registry-user and"
            + " schema-registry-password (GET /config)",
        e.getMessage());
  }

  /**
   * Runs a command; returns exit code, its stdout, everything written to System.err meanwhile (the
   * log lines) plus the command's own error stream, and that error stream alone.
   */
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream before = System.err;
    int rc;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      rc =
          Main.run(
              List.of(args),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
    String e = err.toString(StandardCharsets.UTF_8);
    return new String[] {
      Integer.toString(rc),
      out.toString(StandardCharsets.UTF_8),
      logs.toString(StandardCharsets.UTF_8) + e,
      e
    };
  }

  private static byte[] rawValue(KafkaConfig c) {
    List<byte[]> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, byte[]>(KafkaClients.readerProps(c, "raw", true))) {
      String topic = Topics.PREDICTIONS.name(c.topicPrefix());
      var parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
      }
    }
    return values.get(0);
  }
}
