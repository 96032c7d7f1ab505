package dev.tagstream.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.SchemaRegistration;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.core.testkit.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * examples/python against the real broker and registry, under Debian's /usr/bin/python3 with
 * python3-avro and python3-confluent-kafka: what Java wrote is what Python reads, and the other way
 * round, in both encodings.
 */
class PythonExamplesIT {
  private static final Path EXAMPLES =
      Path.of("../../examples/python").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void backToTheDefault() {
    ValueEncoding.reset();
  }

  @Test
  void thePythonConsumerDecodesWhatJavaWroteInBothEncodings() {
    KafkaConfig c = TestBroker.freshConfig(1);
    Prediction single = ContractSamples.prediction("img-single");
    Records.send(c, Topics.PREDICTIONS, "img-single", single);
    SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
    Prediction registry = ContractSamples.prediction("img-registry");
    Records.send(c, Topics.PREDICTIONS, "img-registry", registry);

    List<String> lines =
        run(
            "",
            "consume_predictions.py",
            "--bootstrap",
            c.bootstrap(),
            "--topic-prefix",
            c.topicPrefix(),
            "--schema-registry-url",
            TestRegistry.url(),
            "--timeout",
            "60");
    assertEquals(2, lines.size(), lines.toString());
    assertDecoded(lines.get(0), "single-object", single);
    assertDecoded(lines.get(1), "registry", registry);
  }

  @Test
  void javaDecodesWhatThePythonProducerWroteInBothEncodings() {
    KafkaConfig c = TestBroker.freshConfig(1);
    // The Java services register the subjects at start; the Python producer writes with that
    // schema.
    SchemaRegistration.apply(c.withSerde(TestRegistry.registryMode()));
    String bootstrap = c.bootstrap();
    List<String> args =
        List.of("--bootstrap", bootstrap, "--topic-prefix", c.topicPrefix(), "--source", "py");
    assertEquals(
        List.of("py-single"), run(manifest("py-single"), "produce_images.py", concat(args)));
    assertEquals(
        List.of("py-registry"),
        run(
            manifest("py-registry"),
            "produce_images.py",
            concat(args, "--serde", "registry", "--schema-registry-url", TestRegistry.url())));

    var read = Records.readAtLeast(c, Topics.IMAGES, 2, Duration.ofSeconds(20));
    assertEquals(
        List.of(expected("py-single"), expected("py-registry")),
        read.stream().map(r -> r.value()).toList());
  }

  private static String manifest(String id) {
    return "{\"id\": \""
        + id
        + "\", \"uri\": \"file:///data/"
        + id
        + ".png\", \"labels\": [\"cat\", \"animal\"], "
        + "\"negatives\": [\"dog\"], \"attributes\": {\"camera\": \"pixel\"}, \"submittedAt\": 1790000000123}\n";
  }

  private static ImageReference expected(String id) {
    return ImageReference.newBuilder()
        .setId(id)
        .setUri("file:///data/" + id + ".png")
        .setSubmittedAt(Instant.ofEpochMilli(1_790_000_000_123L))
        .setSource("py")
        .setAttributes(Map.of("camera", "pixel"))
        .setPositives(List.of("cat", "animal"))
        .setNegatives(List.of("dog"))
        .build();
  }

  private static void assertDecoded(String line, String encoding, Prediction p) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
    assertEquals(p.getId(), n.get("key").asText());
    assertEquals(encoding, n.get("encoding").asText(), line);
    JsonNode v = n.get("value");
    assertEquals(p.getId(), v.get("id").asText());
    assertEquals(p.getUri(), v.get("uri").asText());
    assertEquals(p.getModelVersion(), v.get("modelVersion").asText());
    assertEquals(p.getLabels().size(), v.get("labels").size());
    for (int i = 0; i < p.getLabels().size(); i++) {
      LabelScore s = p.getLabels().get(i);
      assertEquals(s.getLabel(), v.get("labels").get(i).get("label").asText());
      assertEquals(
          s.getProbability(), (float) v.get("labels").get(i).get("probability").asDouble());
    }
    List<Float> probabilities = new ArrayList<>();
    v.get("probabilities").forEach(x -> probabilities.add((float) x.asDouble()));
    assertEquals(p.getProbabilities(), probabilities);
    assertEquals(true, v.get("embedding").isNull());
    assertEquals(p.getTimings().getInferenceMs(), v.get("timings").get("inferenceMs").asDouble());
    assertEquals(p.getTimings().getTotalMs(), v.get("timings").get("totalMs").asDouble());
    assertEquals(p.getSubmittedAt().toEpochMilli(), v.get("submittedAt").asLong());
    assertEquals(p.getScoredAt().toEpochMilli(), v.get("scoredAt").asLong());
  }

  private static String[] concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  /** Runs an example under Debian's Python; returns its stdout lines, failing with its stderr. */
  private static List<String> run(String stdin, String script, String... args) {
    List<String> command =
        new ArrayList<>(List.of("/usr/bin/python3", EXAMPLES.resolve(script).toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(EXAMPLES.toFile()).start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      var err = p.getErrorStream();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(script + " did not finish");
      }
      String errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(
          0,
          p.exitValue(),
          script
              + " failed (install python3-avro, python3-confluent-kafka and "
              + "python3-requests; .ci/run does):\n"
              + errors);
      return out.lines().toList();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
