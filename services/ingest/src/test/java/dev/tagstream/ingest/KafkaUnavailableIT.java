package dev.tagstream.ingest;

import static dev.tagstream.ingest.Http.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When Kafka does not store a record, the API says so (503, retry) instead of acknowledging it. */
class KafkaUnavailableIT {
  @TempDir Path dir;

  /**
   * A real broker, but topics that were never created (the broker does not auto-create): sends
   * cannot complete.
   */
  private KafkaConfig missingTopics() {
    return new KafkaConfig(
        TestBroker.bootstrap(),
        "missing" + UUID.randomUUID().toString().substring(0, 6) + ".",
        1,
        (short) 1,
        dir,
        0);
  }

  private static Service start(KafkaConfig kafka, String... extra) {
    IngestServiceFactory f = new IngestServiceFactory();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--ingest.http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--ingest.produce-timeout",
                "1500ms"));
    args.addAll(List.of(extra));
    Service service = f.create(kafka, Settings.parse(f.settings(), args, Map.of()));
    service.start();
    return service;
  }

  @Test
  void aStreamStopsReadingAfterAChunkKafkaDidNotStoreAndSaysWhereToResume() throws Exception {
    try (Service service = start(missingTopics(), "--ingest.max-batch", "1")) {
      Http api = new Http(service.httpPort(), null);
      // chunks of one line: sending line 1 fails (no metadata within the timeout), so no further
      // line is read
      var r =
          api.send(
              api.request("/v1/images")
                  .header("Content-Type", "application/x-ndjson")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          q(
                              "{'id':'s-1','uri':'file:///a.png'}\n"
                                  + "{'id':'s-2','uri':'file:///b.png'}\n"
                                  + "{'id':'s-3','uri':'file:///c.png'}\n")))
                  .build());
      assertEquals(503, r.status(), r.body());
      assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
      assertEquals("not-stored", r.json().get("error").asText());
      assertEquals(1, r.json().get("lines").asInt(), r.body());
      assertEquals(0, r.json().get("accepted").asInt());
      assertEquals(1, r.json().get("failed").asInt());
      assertEquals(2, r.json().get("resumeAt").asInt(), r.body());
      assertEquals(
          List.of("1 s-1"),
          java.util.stream.StreamSupport.stream(r.json().get("failures").spliterator(), false)
              .map(f -> f.get("line").asInt() + " " + f.get("id").asText())
              .toList());
      assertTrue(
          r.json().get("failures").get(0).get("error").asText().startsWith("TimeoutException"),
          r.body());
    }
  }

  @Test
  void answers503AndListsTheItemsKafkaDidNotStore() throws Exception {
    try (Service service = start(missingTopics())) {
      Http api = new Http(service.httpPort(), null);
      var r =
          api.post(
              "/v1/images",
              q("[{'id':'lost-1','uri':'file:///a.png'},{'id':'bad id','uri':'file:///b.png'}]"));
      assertEquals(503, r.status(), r.body());
      assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
      assertEquals("not-stored", r.json().get("error").asText());
      assertEquals("[]", r.json().get("accepted").toString());
      assertEquals(1, r.json().get("rejected").size());
      assertEquals(0, r.json().get("failed").get(0).get("index").asInt());
      assertEquals("lost-1", r.json().get("failed").get(0).get("id").asText());
      assertTrue(
          r.json().get("failed").get(0).get("error").asText().startsWith("TimeoutException"),
          r.body());

      var lookup = api.get("/v1/images/lost-1");
      assertEquals(503, lookup.status(), lookup.body());
      assertEquals("view-unavailable", lookup.json().get("error").asText());
      assertEquals(503, api.get("/readyz").status());
    }
  }
}
