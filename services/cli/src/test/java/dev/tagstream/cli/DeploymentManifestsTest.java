package dev.tagstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployment files against the code without Docker or a cluster: every YAML parses,
 * every TAGSTREAM_* variable they set is a real setting, ports and probes match each service's
 * default port, and topic and consumer-group names match the code's defaults.
 */
class DeploymentManifestsTest {
  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static Map<Path, List<JsonNode>> docs;
  static Set<String> knownEnv;
  static Map<String, Setting> byKey;

  @BeforeAll
  static void load() throws IOException {
    docs = new HashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(ROOT.resolve("deploy"))) {
      files =
          new ArrayList<>(
              s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                  .toList());
    }
    files.add(ROOT.resolve("docker-compose.yml"));
    for (Path f : files) {
      List<JsonNode> list = new ArrayList<>();
      try (YAMLParser parser = new YAMLFactory().createParser(f.toFile())) {
        var it = YAML.readValues(parser, JsonNode.class);
        while (it.hasNext()) {
          JsonNode n = it.next();
          if (n != null && !n.isNull() && !n.isMissingNode()) {
            list.add(n);
          }
        }
      }
      docs.put(f, list);
    }
    List<ServiceFactory> services = CommandCatalog.services();
    List<Setting> all = ConfigCommand.allSettings(services);
    knownEnv = all.stream().map(Setting::env).collect(Collectors.toSet());
    byKey = all.stream().collect(Collectors.toMap(Setting::key, s -> s, (a, b) -> a));
  }

  @Test
  void everyDeploymentFileParsesAndTheExpectedOnesExist() {
    assertTrue(docs.size() >= 10, "found only " + docs.keySet());
    docs.forEach((f, d) -> assertFalse(d.isEmpty(), f + " has no YAML document"));
    assertTrue(docs.containsKey(ROOT.resolve("deploy/k8s/worker-gpu.yaml")));
    assertTrue(docs.containsKey(ROOT.resolve("deploy/k8s/worker-autoscaling.yaml")));
  }

  @Test
  void everyTagstreamVariableSetAnywhereIsInTheConfigurationReference() {
    Set<String> unknown = new TreeSet<>();
    int seen = 0;
    for (var e : docs.entrySet()) {
      for (JsonNode d : e.getValue()) {
        for (String name : envNames(d)) {
          seen++;
          if (name.startsWith("TAGSTREAM_") && !knownEnv.contains(name)) {
            unknown.add(name + " (" + ROOT.relativize(e.getKey()) + ")");
          }
        }
      }
    }
    assertTrue(seen > 20, "too few variables found: " + seen);
    assertEquals(Set.of(), unknown, "variables that no setting reads");
  }

  @Test
  void kubernetesPortsAndProbesMatchEachServicesDefaultPort() {
    int checked = 0;
    for (var e : docs.entrySet()) {
      for (JsonNode d : e.getValue()) {
        for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
          String service = c.path("args").path(0).asText();
          Setting port = byKey.get(service + ".http-port");
          assertTrue(
              port != null, "container runs unknown service '" + service + "' in " + e.getKey());
          int expected = Integer.parseInt(port.defaultValue());
          assertEquals(
              expected,
              c.path("ports").path(0).path("containerPort").asInt(),
              service + " containerPort");
          assertEquals(
              expected,
              c.path("readinessProbe").path("httpGet").path("port").asInt(),
              service + " readiness port");
          assertEquals("/readyz", c.path("readinessProbe").path("httpGet").path("path").asText());
          assertEquals(
              expected,
              c.path("livenessProbe").path("httpGet").path("port").asInt(),
              service + " liveness port");
          assertEquals("/healthz", c.path("livenessProbe").path("httpGet").path("path").asText());
          assertEquals(
              String.valueOf(expected),
              d.path("spec")
                  .path("template")
                  .path("metadata")
                  .path("annotations")
                  .path("prometheus.io/port")
                  .asText(),
              service + " scrape port");
          checked++;
        }
      }
    }
    assertEquals(5, checked, "containers checked");
  }

  @Test
  void composePortsHealthChecksAndPrometheusTargetsMatchTheDefaults() throws IOException {
    JsonNode compose = docs.get(ROOT.resolve("docker-compose.yml")).get(0);
    String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    for (String service : List.of("ingest", "worker", "feedback", "trainer")) {
      JsonNode s = compose.path("services").path(service);
      String port = byKey.get(service + ".http-port").defaultValue();
      assertEquals(service, s.path("command").path(0).asText());
      assertEquals(port + ":" + port, s.path("ports").path(0).asText(), service);
      assertTrue(
          s.path("healthcheck").path("test").path(1).asText().contains("/127.0.0.1/" + port + " "),
          service);
      assertTrue(
          prometheus.contains("\"" + service + ":" + port + "\""), service + " scrape target");
    }
  }

  @Test
  void autoscalerWatchesTheWorkersTopicAndConsumerGroup() {
    Setting group = byKey.get("worker.group");
    assertTrue(group != null, "the worker has no 'worker.group' setting");
    int triggers = 0;
    for (JsonNode d : docs.get(ROOT.resolve("deploy/k8s/worker-autoscaling.yaml"))) {
      for (JsonNode t : d.path("spec").path("triggers")) {
        assertEquals(Topics.IMAGES.baseName(), t.path("metadata").path("topic").asText());
        assertEquals(group.defaultValue(), t.path("metadata").path("consumerGroup").asText());
        triggers++;
      }
    }
    assertEquals(2, triggers);
  }

  /** TAGSTREAM_ names set by a compose file, a container's env list, or a ConfigMap/Secret. */
  static List<String> envNames(JsonNode doc) {
    List<String> out = new ArrayList<>();
    String kind = doc.path("kind").asText();
    if (kind.equals("ConfigMap")) {
      doc.path("data").fieldNames().forEachRemaining(out::add);
    } else if (kind.equals("Secret")) {
      doc.path("stringData").fieldNames().forEachRemaining(out::add);
      doc.path("data").fieldNames().forEachRemaining(out::add);
    }
    for (JsonNode c : doc.path("spec").path("template").path("spec").path("containers")) {
      c.path("env").forEach(e -> out.add(e.path("name").asText()));
    }
    if (doc.has("services") && doc.path("services").isObject()) {
      collectComposeEnv(doc, out);
    }
    return out;
  }

  private static void collectComposeEnv(JsonNode node, List<String> out) {
    if (node instanceof ObjectNode o) {
      o.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("environment") && e.getValue().isObject()) {
                  e.getValue()
                      .fieldNames()
                      .forEachRemaining(
                          n -> {
                            if (!n.equals("<<")) {
                              out.add(n);
                            }
                          });
                }
                collectComposeEnv(e.getValue(), out);
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectComposeEnv(n, out));
    }
  }
}
