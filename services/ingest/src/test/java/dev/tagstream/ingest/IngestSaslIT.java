package dev.tagstream.ingest;

import static dev.tagstream.ingest.Http.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.SecureTestBroker;
import dev.tagstream.broker.testkit.ServiceAcls;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.kafka.TopicAdmin;
import dev.tagstream.core.testkit.Records;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest service on a SASL_SSL (SCRAM-SHA-512) broker enforcing ACLs, as a principal holding
 * the ingest ACLs of docs/operations.md ({@link ServiceAcls}; with or without WRITE on images).
 */
class IngestSaslIT {
  private static final String TOKEN = "s3cret-token";
  @TempDir Path dir;

  private final SecureTestBroker broker = SecureTestBroker.get();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "i" + id + ".";

  private KafkaConfig ingestPrincipal(boolean writeImages) {
    TopicAdmin.ensureTopics(broker.adminConfig(prefix));
    String user = "ingest-" + id;
    broker.createUser(user, user + "-pw");
    List<ServiceAcls.Acl> acls = ServiceAcls.of("ingest", false);
    if (!writeImages) {
      acls =
          ServiceAcls.without(acls, ResourceType.TOPIC, Topics.IMAGES.name(""), AclOperation.WRITE);
    }
    broker.grant(user, prefix, acls);
    KafkaConfig c =
        broker
            .config(
                prefix,
                broker.clientPropertiesFile(user, user + "-pw"),
                "--data-dir",
                dir.toString())
            .forRole("ingest");
    TopicAdmin.ensureTopics(c); // the service's start-up check, as this principal
    return c;
  }

  private Service started(KafkaConfig kafka) throws Exception {
    Path vocab = dir.resolve("labels.json");
    Files.writeString(
        vocab, q("[{'name':'animal','parents':[]},{'name':'cat','parents':['animal']}]"));
    IngestServiceFactory f = new IngestServiceFactory();
    Service service =
        f.create(
            kafka,
            Settings.parse(
                f.settings(),
                List.of(
                    "--ingest.http-port",
                    "0",
                    "--http-bind",
                    "127.0.0.1",
                    "--ingest.token",
                    TOKEN,
                    "--ingest.vocabulary",
                    vocab.toString(),
                    "--ingest.produce-timeout",
                    "5s",
                    "--ingest.view-state-dir",
                    dir.resolve("state").toString()),
                Map.of()));
    service.start();
    return service;
  }

  @Test
  void storesAnImageAsAPrincipalWithOnlyItsDocumentedAcls() throws Exception {
    try (Service service = started(ingestPrincipal(true))) {
      Http api = new Http(service.httpPort(), TOKEN);
      // Ready means the lookup view (global stores) runs under these ACLs too.
      Awaits.until(
          Duration.ofSeconds(60),
          () -> api.get("/readyz").status() == 200,
          "ingest to become ready");
      var r =
          api.post("/v1/images", q("{'id':'sec-1','uri':'file:///data/one.png','labels':['cat']}"));
      assertEquals(202, r.status(), r.body());
      var stored =
          Records.readAtLeast(broker.adminConfig(prefix), Topics.IMAGES, 1, Duration.ofSeconds(20));
      assertEquals("sec-1", stored.get(0).key());
    }
  }

  @Test
  void withoutWriteOnImagesARequestFailsNamingTheTopic() throws Exception {
    try (Service service = started(ingestPrincipal(false))) {
      Http api = new Http(service.httpPort(), TOKEN);
      Awaits.until(
          Duration.ofSeconds(60),
          () -> api.get("/readyz").status() == 200,
          "ingest to become ready");
      var r =
          api.post("/v1/images", q("{'id':'sec-2','uri':'file:///data/one.png','labels':['cat']}"));
      assertEquals(503, r.status(), r.body());
      String error = r.json().get("failed").get(0).get("error").asText();
      assertTrue(
          error.contains("Not authorized to access topics: [" + Topics.IMAGES.name(prefix) + "]"),
          error);
    }
  }
}
