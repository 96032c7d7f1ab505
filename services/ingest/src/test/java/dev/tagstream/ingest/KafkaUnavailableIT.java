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

  @Test
  void answers503AndListsTheItemsKafkaDidNotStore() throws Exception {
    // A real broker, but topics that were never created (the broker does not auto-create): sends
    // cannot complete.
    KafkaConfig missing =
        new KafkaConfig(
            TestBroker.bootstrap(),
            "missing" + UUID.randomUUID().toString().substring(0, 6) + ".",
            1,
            (short) 1,
            dir,
            0);
    IngestServiceFactory f = new IngestServiceFactory();
    try (Service service =
        f.create(
            missing,
            Settings.parse(
                f.settings(),
                List.of(
                    "--ingest.http-port",
                    "0",
                    "--http-bind",
                    "127.0.0.1",
                    "--ingest.produce-timeout",
                    "1500ms"),
                Map.of()))) {
      service.start();
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
