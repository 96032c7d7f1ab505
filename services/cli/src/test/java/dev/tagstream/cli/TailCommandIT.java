package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.kafka.SchemaRegistration;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.core.testkit.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TailCommandIT {
  @Test
  void printsDecodedRecordsAsJsonLinesAndSurvivesABadOne() throws Exception {
    KafkaConfig c = TestBroker.freshConfig(1);
    Records.send(c, Topics.IMAGES, "img-1", ContractSamples.image("img-1"));
    Records.sendRaw(c, Topics.IMAGES.name(c.topicPrefix()), "junk", new byte[] {1, 2, 3});
    Records.send(c, Topics.IMAGES, "img-2", ContractSamples.image("img-2"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of(
                "tail", "images", "--bootstrap", c.bootstrap(), "--topic-prefix", c.topicPrefix()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), lines.toString());
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertEquals("img-1", first.get("key").asText());
    assertEquals(0, first.get("offset").asLong());
    assertEquals("file:///data/img-1.png", first.get("value").get("uri").asText());
    assertEquals("2026-09-21T14:13:20.123Z", first.get("value").get("submittedAt").asText());
    assertEquals("[\"cat\",\"animal\"]", first.get("value").get("positives").toString());
    JsonNode bad = json.readTree(lines.get(1));
    assertTrue(bad.get("error").asText().startsWith("BAD_HEADER"), bad.toString());
    assertEquals("AQID", bad.get("raw").asText());
    assertEquals("img-2", json.readTree(lines.get(2)).get("key").asText());
  }

  @Test
  void neverCreatesATopicAndNamesTheMissingOne() throws Exception {
    KafkaConfig c = TestBroker.freshConfig(1);
    String prefix = "absent-" + System.nanoTime() + ".";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of("tail", "models", "--bootstrap", c.bootstrap(), "--topic-prefix", prefix),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, rc);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("tagstream tail: topic " + prefix + "models does not exist on "), e);
    try (Admin admin = Admin.create(KafkaClients.adminProps(c))) {
      assertTrue(admin.listTopics().names().get().stream().noneMatch(t -> t.startsWith(prefix)));
    }
  }

  @Test
  void readsBothEncodingsWithARegistryAndNamesTheMissingRegistryWithout() throws Exception {
    KafkaConfig c = TestBroker.freshConfig(1);
    Records.send(c, Topics.PREDICTIONS, "single", ContractSamples.prediction("single"));
    try {
      SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
      Records.send(c, Topics.PREDICTIONS, "registry", ContractSamples.prediction("registry"));
      List<String> args =
          List.of(
              "tail",
              "predictions",
              "--bootstrap",
              c.bootstrap(),
              "--topic-prefix",
              c.topicPrefix());
      ObjectMapper json = new ObjectMapper();

      List<String> withRegistry = tail(args, "--schema-registry-url", TestRegistry.url());
      assertEquals(2, withRegistry.size(), withRegistry.toString());
      for (int i = 0; i < 2; i++) {
        JsonNode n = json.readTree(withRegistry.get(i));
        assertEquals(List.of("single", "registry").get(i), n.get("key").asText());
        assertEquals("v3", n.get("value").get("modelVersion").asText());
        assertEquals("cat", n.get("value").get("labels").get(0).get("label").asText());
      }

      List<String> without = tail(args);
      assertEquals("single", json.readTree(without.get(0)).get("key").asText());
      String error = json.readTree(without.get(1)).get("error").asText();
      assertTrue(
          error.startsWith("UNKNOWN_SCHEMA")
              && error.contains("schema id ")
              && error.contains("but no schema-registry-url is set"),
          error);
    } finally {
      ValueEncoding.reset();
    }
  }

  private static List<String> tail(List<String> args, String... more) {
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            all,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void withoutBootstrapAndNoLocalBrokerItSaysHowToStartOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of("tail", "images", "--broker-port", "1"),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, rc);
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("start one with 'tagstream up' or 'tagstream broker'"),
        err.toString(StandardCharsets.UTF_8));
    // and its help says so, instead of the services' "starts or joins"
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    assertEquals(
        0,
        Main.run(
            List.of("tail", "--help"),
            new PrintStream(help, true, StandardCharsets.UTF_8),
            System.err));
    String h = help.toString(StandardCharsets.UTF_8);
    assertTrue(h.contains("never starts one") && !h.contains("starts or joins"), h);
  }
}
