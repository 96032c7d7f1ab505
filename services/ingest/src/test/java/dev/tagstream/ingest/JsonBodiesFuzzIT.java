package dev.tagstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.SeededMutator;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated JSON bodies and NDJSON streams to each endpoint that takes one, on the real service and
 * broker: every request gets a deliberate answer (stored, refused item by item, or refused whole,
 * as JSON) within a time bound, never a 500, and the service stays ready throughout.
 */
class JsonBodiesFuzzIT {
  private static final Set<Integer> DELIBERATE = Set.of(202, 400, 413, 415, 422);
  static KafkaConfig kafka;
  static Service service;
  static Http api;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestBroker.freshConfig(1);
    Path vocab = dir.resolve("labels.json");
    Files.writeString(
        vocab, Http.q("[{'name':'animal','parents':[]},{'name':'cat','parents':['animal']}]"));
    service =
        IngestHarness.start(
            kafka, dir, "--ingest.max-batch", "5", "--ingest.vocabulary", vocab.toString());
    api = new Http(service.httpPort(), null);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static List<byte[]> seeds(String path, boolean ndjson) {
    List<String> json =
        ndjson
            ? path.equals("/v1/images")
                ? List.of(
                    Http.q(
                        "{'id':'fz-1','uri':'file:///data/a.png','labels':['cat']}\n\n"
                            + "{'id':'fz-2','uri':'https://example.org/b.jpg','attributes':{'k':'v'}}\r\n"
                            + "{'id':'fz-3','uri':'file:///data/c.png','negatives':['animal']}"))
                : List.of(
                    Http.q(
                        "{'id':'fz-1','label':'cat','state':'positive','source':'s'}\n"
                            + "{'id':'fz-2','label':'animal','state':'negative'}\n"))
            : path.equals("/v1/images")
                ? List.of(
                    Http.q(
                        "{'id':'fz-1','uri':'file:///data/a.png','labels':['cat'],'negatives':[],'source':'s',"
                            + "'attributes':{'k':'v'}}"),
                    Http.q(
                        "[{'id':'fz-2','uri':'https://example.org/b.jpg'},"
                            + "{'id':'fz-3','uri':'file:///data/c.png','labels':['animal']}]"))
                : List.of(
                    Http.q("{'id':'fz-1','label':'cat','state':'positive','source':'s'}"),
                    Http.q(
                        "[{'id':'fz-2','label':'animal','state':'negative'},{'id':'fz-3','label':'cat','state':'retract'}]"));
    return json.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/images", "/v1/labels", "/v1/images ndjson", "/v1/labels ndjson"})
  void everyMutatedBodyGetsADeliberateAnswer(String endpoint) throws Exception {
    String path = endpoint.split(" ")[0];
    boolean ndjson = endpoint.endsWith(" ndjson");
    SeededMutator mutator =
        new SeededMutator(SeededMutator.seed() + endpoint.hashCode(), seeds(path, ndjson));
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < SeededMutator.cases(); i++) {
      byte[] body = mutator.next();
      HttpRequest r =
          api.request(path)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", ndjson ? "application/x-ndjson" : "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      Http.Response res;
      try {
        res = api.send(r);
      } catch (HttpTimeoutException e) {
        wrong.add("no answer within 10 s to " + new String(body, StandardCharsets.UTF_8));
        continue;
      }
      statuses.merge(res.status(), 1, Integer::sum);
      boolean json = res.json() != null && (res.json().has("accepted") || res.json().has("error"));
      if (ndjson && res.status() == 202 && !res.json().path("accepted").isNumber()) {
        json = false; // a stream is answered with counts
      }
      if (!DELIBERATE.contains(res.status()) || !json) {
        wrong.add(
            res.status() + " " + res.body() + " to " + new String(body, StandardCharsets.UTF_8));
      }
    }
    assertEquals(
        List.of(),
        wrong.stream().limit(5).toList(),
        wrong.size() + " requests without a deliberate answer");
    assertEquals(200, api.get("/readyz").status());
    assertTrue(
        statuses.getOrDefault(202, 0) > 0 && statuses.getOrDefault(400, 0) > 0,
        statuses.toString());
    System.out.printf(
        "fuzz %s: %d bodies, answers by status %s, 0 crashes, 0 hangs%n",
        endpoint, SeededMutator.cases(), statuses);
  }
}
