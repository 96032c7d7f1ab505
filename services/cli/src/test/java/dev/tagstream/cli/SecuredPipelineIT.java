package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.broker.SaslSslListener;
import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.broker.testkit.ServiceAcls;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.ClientProperties;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.net.FreePorts;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.datasets.EmojiPackageFixture;
import dev.tagstream.datasets.EmojiScenesBuilder;
import dev.tagstream.datasets.EmojiScenesConfig;
import dev.tagstream.datasets.ObservedLabels;
import dev.tagstream.model.data.Manifest;
import dev.tagstream.model.data.ManifestEntry;
import dev.tagstream.model.train.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a secured cluster, as docs/operations.md tells an operator to run it: the
 * test's SASL_SSL (SCRAM-SHA-512) broker enforcing ACLs, and ingest, worker, feedback and trainer
 * each its own OS process and its own principal holding exactly its rows of the ACL table ({@link
 * ServiceAcls}). The shared client properties come from {@code --kafka-config FILE}, each service's
 * JAAS line from {@code TAGSTREAM_<SERVICE>_KAFKA_SASL_JAAS_CONFIG=file:...}, every secret from a
 * file. Labelled images train v0001; new images are scored by it; confirmations fold into
 * label-state and train v0002; the worker swaps to it and scores with it; no log holds a secret.
 */
class SecuredPipelineIT {
  private static final List<String> SERVICES = List.of("ingest", "worker", "feedback", "trainer");
  private static final Duration WAIT = Duration.ofMinutes(4);

  private final SecureTestBroker broker = SecureTestBroker.get();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "sp" + id + ".";
  private ServiceProcesses processes;
  private final Map<String, String> secrets = new LinkedHashMap<>();

  @Test
  void eachServiceAsItsOwnPrincipalAndProcessSubmitScoreConfirmRetrainAndSwap(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    new EmojiScenesBuilder(
            new EmojiScenesConfig(
                List.of("google"),
                data,
                60,
                0,
                30,
                5,
                ObservedLabels.parse("full"),
                64,
                EmojiPackageFixture.write(dir.resolve("assets")),
                dir.resolve("cache"),
                "sec"),
            ProgressBar.silent())
        .build();
    String labels = data.resolve("labels.json").toString();
    List<ManifestEntry> train = Manifest.read(data.resolve("train.jsonl"));
    List<ManifestEntry> test = Manifest.read(data.resolve("test.jsonl"));
    List<ManifestEntry> scoredByV1 = test.subList(0, 20);
    List<ManifestEntry> scoredByV2 = test.subList(20, test.size());

    KafkaConfig admin = broker.adminConfig(prefix);
    TopicAdmin.ensureTopics(admin); // an administrator creates the topics; no service may
    Path secretsDir = Files.createDirectories(dir.resolve("secrets"));
    Path clientProperties = sharedClientProperties(secretsDir);
    String token = "ingest-token-" + UUID.randomUUID();
    secrets.put("ingest token", token);
    Path tokenFile = Files.writeString(secretsDir.resolve("ingest-token"), token);

    Map<String, List<String>> own = new LinkedHashMap<>();
    own.put(
        "ingest",
        List.of(
            "--ingest.vocabulary",
            labels,
            "--ingest.file-roots",
            data.toString(),
            "--ingest.token",
            "file:" + tokenFile));
    own.put(
        "worker",
        List.of(
            "--worker.file-roots",
            data.toString(),
            "--worker.delivery",
            "exactly-once",
            "--worker.id",
            "sec-1"));
    own.put("feedback", List.of("--feedback.vocabulary", labels));
    own.put(
        "trainer",
        List.of(
            "--trainer.vocabulary",
            labels,
            "--trainer.file-roots",
            data.toString(),
            "--trainer.registry",
            dir.resolve("registry").toString(),
            "--trainer.min-new-confirmations",
            "40",
            "--trainer.min-interval",
            "0s",
            "--trainer.epochs",
            "2",
            "--trainer.validation-percent",
            "20"));
    int[] ports = FreePorts.take(SERVICES.size(), 0);
    Map<String, Integer> http = new HashMap<>();
    for (int i = 0; i < SERVICES.size(); i++) {
      http.put(SERVICES.get(i), ports[i]);
    }
    processes = new ServiceProcesses(dir, WAIT);
    try (ServiceProcesses closing = processes) {
      for (String service : List.of("ingest", "worker", "feedback")) {
        start(dir, service, http.get(service), own.get(service), clientProperties, secretsDir);
      }
      for (String service : List.of("ingest", "worker", "feedback")) {
        // the worker is ready only once a model is promoted; alive is what it can be now
        processes.awaitHttp(
            http.get(service), service.equals("worker") ? "/healthz" : "/readyz", 200);
      }
      IngestCalls ingest = new IngestCalls(http.get("ingest"), token);

      // labelled images, folded into label-state before the trainer starts, so that its first
      // look at label-state triggers one training (v0001) on all of them, not one per arrival
      ingest.acceptAll(
          "/v1/images", train.stream().map(e -> ServiceProcesses.image(e, true)).toList());
      Map<String, Set<String>> trainLabels = new HashMap<>();
      train.forEach(e -> trainLabels.put(e.id(), Set.copyOf(e.positives())));
      awaitLabelStates(admin, trainLabels, false);
      start(dir, "trainer", http.get("trainer"), own.get("trainer"), clientProperties, secretsDir);
      JsonNode v1 = processes.awaitRelease(ingest, 1);
      assertEquals("v0001", v1.get("version").asText());
      assertEquals("promoted", v1.get("status").asText());

      // new images: the worker scores them with v0001; its predictions, read back from the topic
      ingest.acceptAll(
          "/v1/images", scoredByV1.stream().map(e -> ServiceProcesses.image(e, false)).toList());
      Set<String> vocabulary = vocabulary(data.resolve("labels.json"));
      Map<String, Prediction> p1 = awaitPredictions(admin, scoredByV1);
      for (ManifestEntry e : scoredByV1) {
        Prediction p = p1.get(e.id());
        assertEquals("v0001", p.getModelVersion().toString(), e.id());
        assertEquals(e.uri(), p.getUri().toString());
        for (var score : p.getLabels()) {
          assertTrue(vocabulary.contains(score.getLabel().toString()), score.toString());
          assertTrue(score.getProbability() >= 0 && score.getProbability() <= 1, score.toString());
        }
        JsonNode viaApi = ingest.get("/v1/images/" + e.id()).json();
        assertEquals("v0001", viaApi.get("prediction").get("modelVersion").asText(), e.id());
      }

      // confirmations through the API: feedback folds them into label-state ...
      List<ObjectNode> confirmations = new ArrayList<>();
      Map<String, Set<String>> confirmed = new HashMap<>();
      for (ManifestEntry e : scoredByV1) {
        for (String l : e.positives()) {
          confirmations.add(
              IngestCalls.JSON
                  .createObjectNode()
                  .put("id", e.id())
                  .put("label", l)
                  .put("state", "positive")
                  .put("source", "test"));
          confirmed.computeIfAbsent(e.id(), k -> new TreeSet<>()).add(l);
        }
      }
      assertTrue(confirmations.size() >= 40, "need 40 confirmations, have " + confirmations.size());
      ingest.acceptAll("/v1/labels", confirmations);
      awaitLabelStates(admin, confirmed, true);

      // ... which trigger the retrain: v0002, and the worker swaps to it without a restart
      JsonNode v2 = processes.awaitRelease(ingest, 2);
      assertEquals("v0002", v2.get("version").asText());
      assertEquals("v0001", v2.get("parent").asText());
      // the swap: the worker loads v0002 as it is announced and serves it from its next batch
      processes.await(
          () -> Files.readString(dir.resolve("worker.log")).contains("model v0002 loaded"),
          "the worker to load v0002");
      ingest.acceptAll(
          "/v1/images", scoredByV2.stream().map(e -> ServiceProcesses.image(e, false)).toList());
      // v0002 or a later promoted release (confirmations still folding may train one more)
      Set<String> promotedSinceV2 = new TreeSet<>();
      for (JsonNode r : ingest.get("/v1/review/models").json().get("releases")) {
        if (r.get("status").asText().equals("promoted")
            && r.get("version").asText().compareTo("v0002") >= 0) {
          promotedSinceV2.add(r.get("version").asText());
        }
      }
      for (Prediction p : awaitPredictions(admin, scoredByV2).values()) {
        assertTrue(
            promotedSinceV2.contains(p.getModelVersion().toString()),
            p.getId() + " scored by " + p.getModelVersion() + ", not one of " + promotedSinceV2);
      }
    } catch (AssertionError | RuntimeException e) {
      e.addSuppressed(new AssertionError("the services' logs:\n" + processes.logs()));
      throw e;
    }
    assertNoSecretInLogs(dir);
  }

  /** Shared by every service: the protocol, the mechanism, the truststore; no credentials. */
  private Path sharedClientProperties(Path secretsDir) throws Exception {
    secrets.put("truststore password", broker.truststorePassword());
    Path storePassword =
        Files.writeString(secretsDir.resolve("truststore-password"), broker.truststorePassword());
    return Files.write(
        secretsDir.resolve("client.properties"),
        List.of(
            "security.protocol=SASL_SSL",
            "sasl.mechanism=" + SaslSslListener.MECHANISM,
            "ssl.truststore.location=" + broker.truststore(),
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.password=file:" + storePassword));
  }

  /** A user of its own for {@code service} with exactly its ACLs; returns its JAAS secret file. */
  private Path principal(String service, Path secretsDir) throws Exception {
    String user = "tagstream-" + service + "-" + id;
    String password = service + "-pw-" + UUID.randomUUID();
    secrets.put(service + "'s password", password);
    broker.createUser(user, password);
    // with the exactly-once rows: the worker runs exactly-once here, feedback by default
    broker.grant(user, prefix, ServiceAcls.of(service, true));
    return Files.writeString(
        secretsDir.resolve(service + "-jaas"), SaslSslListener.jaas(user, password));
  }

  /**
   * Starts {@code service} as its own process and principal: the shared client properties by {@code
   * --kafka-config}, its JAAS line (a file) by its SERVICE.kafka.sasl.jaas.config variable.
   */
  private void start(
      Path dir,
      String service,
      int httpPort,
      List<String> own,
      Path clientProperties,
      Path secretsDir)
      throws Exception {
    Path jaas = principal(service, secretsDir);
    List<String> args =
        new ArrayList<>(
            List.of(
                service,
                "--bootstrap",
                broker.bootstrap(),
                "--topic-prefix",
                prefix,
                "--kafka-config",
                clientProperties.toString(),
                "--data-dir",
                dir.resolve(service).toString(),
                "--" + service + ".http-port",
                Integer.toString(httpPort)));
    args.addAll(own);
    processes.start(
        service,
        args,
        Map.of(
            "TAGSTREAM_" + service.toUpperCase(Locale.ROOT) + "_KAFKA_SASL_JAAS_CONFIG",
            "file:" + jaas));
  }

  private void assertNoSecretInLogs(Path dir) throws Exception {
    for (String service : SERVICES) {
      String log = Files.readString(dir.resolve(service + ".log"));
      // the client settings are logged at start, secrets masked: the scan has something to find
      assertTrue(
          log.contains(service + ".kafka.sasl.jaas.config=" + ClientProperties.MASK)
              && log.contains("kafka.ssl.truststore.password=" + ClientProperties.MASK),
          service + " did not log its client settings, masked: the scan would prove little");
      for (var secret : secrets.entrySet()) {
        assertFalse(log.contains(secret.getValue()), service + "'s log holds " + secret.getKey());
      }
    }
  }

  private static Set<String> vocabulary(Path labelsJson) throws Exception {
    Set<String> names = new TreeSet<>();
    IngestCalls.JSON.readTree(labelsJson.toFile()).forEach(l -> names.add(l.get("name").asText()));
    return names;
  }

  private Map<String, Prediction> awaitPredictions(KafkaConfig admin, List<ManifestEntry> images)
      throws Exception {
    Set<String> ids = images.stream().map(ManifestEntry::id).collect(Collectors.toSet());
    Map<String, Prediction> byId = new HashMap<>();
    processes.await(
        () -> {
          for (ConsumerRecord<String, Prediction> r :
              Records.readUntil(
                  admin, Topics.PREDICTIONS, Duration.ofSeconds(2), true, l -> false)) {
            if (ids.contains(r.key())) {
              byId.put(r.key(), r.value()); // the newest per image
            }
          }
          return byId.keySet().equals(ids);
        },
        images.size() + " predictions");
    return byId;
  }

  /**
   * Until each image's newest label-state holds its labels among the positives and, with {@code
   * exact}, exactly as many folded confirmations.
   */
  private Map<String, LabelState> awaitLabelStates(
      KafkaConfig admin, Map<String, Set<String>> confirmed, boolean exact) throws Exception {
    Map<String, LabelState> byId = new HashMap<>();
    processes.await(
        () -> {
          for (ConsumerRecord<String, LabelState> r :
              Records.readUntil(
                  admin, Topics.LABEL_STATE, Duration.ofSeconds(2), true, l -> false)) {
            byId.put(r.key(), r.value());
          }
          return confirmed.entrySet().stream()
              .allMatch(
                  c -> {
                    LabelState state = byId.get(c.getKey());
                    return state != null
                        && positives(state).containsAll(c.getValue())
                        && (!exact || state.getConfirmations() == c.getValue().size());
                  });
        },
        "label-state folding " + confirmed.size() + " images' confirmations");
    return byId;
  }

  private static Set<String> positives(LabelState s) {
    return s.getPositives().stream().map(CharSequence::toString).collect(Collectors.toSet());
  }
}
