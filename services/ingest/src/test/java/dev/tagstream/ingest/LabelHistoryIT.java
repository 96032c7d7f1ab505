package dev.tagstream.ingest;

import static dev.tagstream.ingest.Http.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.model.artifact.LabelReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/labels/{name}} over HTTP on the real broker: counts from label-state, per-version
 * threshold and label report from the registry, online quality from predictions judged by
 * confirmations posted to the same service.
 */
class LabelHistoryIT {
  static final String TOKEN = "label-history-token";
  static KafkaConfig kafka;
  static Service service;
  static Http api;
  static ReviewFixture world;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestBroker.freshConfig(2);
    world = new ReviewFixture(dir);
    // v0002's label report: bird seen 3 times in training, once in validation (AP 0.25); flower
    // never in validation (no AP). v0001 and v0003 were trained before reports existed.
    int[] trainPos = {9, 4, 2, 3, 6, 5, 1, 2};
    int[] trainNeg = {0, 1, 0, 5, 0, 0, 0, 0};
    int[] valPos = {3, 1, 1, 1, 2, 1, 0, 1};
    double[] ap = {0.9, 0.8, 0.5, 0.25, 0.7, 0.6, Double.NaN, 0.4};
    LabelReport.of(
            ReviewFixture.LABELS,
            640,
            new LabelReport.Observed(trainPos, trainNeg),
            160,
            valPos,
            ap,
            ReviewFixture.THRESHOLDS)
        .write(world.registry.resolve("v0002"));
    world.publish(kafka);
    // the training set as feedback folded it: bird positive on two images, negative on one
    state("s-1", List.of("bird", "animal"), List.of());
    state("s-2", List.of("bird", "animal"), List.of());
    state("s-3", List.of("cat", "animal"), List.of("bird"));
    // predictions to be judged: v0002 predicts bird on h-1, not on h-2; v0001 predicts it on h-3
    world.send(kafka, prediction("h-1", "v0002", "bird"));
    world.send(kafka, prediction("h-2", "v0002", "dog"));
    world.send(kafka, prediction("h-3", "v0001", "bird"));
    service = world.startIngest(kafka, dir, TOKEN);
    api = new Http(service.httpPort(), TOKEN);
    Awaits.until(
        Duration.ofSeconds(60),
        () ->
            api.get("/v1/review/models").status() == 200
                && api.get("/v1/review/models").json().get("releases").size() == 3
                && api.get("/v1/review/queue?limit=50").status() == 200
                && api.get("/v1/review/queue?limit=50").json().get("predictions").asInt() == 7,
        "the view and the models to catch up");
    // h-1: predicted and confirmed (TP); h-2: missed (FN); h-3: predicted but absent (FP, v0001)
    for (String c :
        List.of(
            "{'id':'h-1','label':'bird','state':'positive'}",
            "{'id':'h-2','label':'bird','state':'positive'}",
            "{'id':'h-3','label':'bird','state':'negative'}")) {
      Http.Response r = api.post("/v1/labels", q(c));
      assertEquals(202, r.status(), r.body());
    }
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static void state(String id, List<String> positives, List<String> negatives) {
    Records.send(
        kafka,
        Topics.LABEL_STATE,
        id,
        LabelState.newBuilder()
            .setId(id)
            .setPositives(positives)
            .setNegatives(negatives)
            .setUpdatedAt(ReviewFixture.T)
            .build());
  }

  private static Prediction prediction(String id, String version, String label) {
    return Prediction.newBuilder(
            world.prediction(id, "cat.png", List.of(new LabelScore(label, 0.8f)), null))
        .setModelVersion(version)
        .build();
  }

  @Test
  void showsCountsPerVersionFiguresAndOnlineQualityOfALabel() throws Exception {
    // the figures are recomputed at most every 10 s: wait for the pass that saw all confirmations
    Awaits.until(
        Duration.ofSeconds(40),
        () -> api.get("/v1/labels/bird").json().get("online").size() == 2,
        "the confirmations to be judged");
    Http.Response r = api.get("/v1/labels/bird");
    assertEquals(200, r.status(), r.body());
    ObjectNode body = (ObjectNode) r.json();
    Instant computed = Instant.parse(body.remove("computedAt").asText());
    assertTrue(computed.isAfter(ReviewFixture.T), computed.toString());
    assertEquals(
        Http.json(
            "{'label':'bird','vocabulary':{'inBase':true,'parents':['animal']},"
                + "'observed':{'positives':2,'negatives':1,'bin':'1-2','images':3},"
                + "'versions':["
                + "{'name':'default','version':'v0003','status':'rejected','current':false,"
                + "'announcedAt':'2026-03-01T12:00:00Z','readable':true,'inLabelSet':true,"
                + "'threshold':0.4000000059604645,'labelReport':false},"
                + "{'name':'default','version':'v0002','status':'promoted','current':true,"
                + "'announcedAt':'2026-03-01T11:00:00Z','readable':true,'inLabelSet':true,"
                + "'threshold':0.4000000059604645,'labelReport':true,"
                + "'trainPositives':3,'trainNegatives':5,'validationPositives':1,'ap':0.25},"
                + "{'name':'default','version':'v0001','status':'promoted','current':false,"
                + "'announcedAt':'2026-03-01T10:00:00Z','readable':true,'inLabelSet':true,"
                + "'threshold':0.4000000059604645,'labelReport':false}],"
                + "'online':["
                + "{'modelVersion':'v0001','tp':0,'fp':1,'fn':0,'tn':0,'precision':0.0,'recall':null},"
                + "{'modelVersion':'v0002','tp':1,'fp':0,'fn':1,'tn':0,'precision':1.0,'recall':0.5}]}"),
        body);
  }

  @Test
  void listsTheLabelsWithFewestObservedPositivesFirst() throws Exception {
    // animal 3 positives (s-1, s-2, s-3), bird 2, cat 1, the other five none: ties by name
    Http.Response r = api.get("/v1/labels?limit=3");
    assertEquals(200, r.status(), r.body());
    ObjectNode body = (ObjectNode) r.json();
    body.remove("computedAt");
    assertEquals(
        Http.json(
            "{'total':8,'images':3,'bins':{'0':5,'1-2':2,'3-9':1,'10+':0},'currentVersion':'v0002',"
                + "'labels':["
                + "{'name':'car','positives':0,'negatives':0,'bin':'0','history':'/v1/labels/car',"
                + "'threshold':0.4000000059604645,'ap':0.7},"
                + "{'name':'dog','positives':0,'negatives':0,'bin':'0','history':'/v1/labels/dog',"
                + "'threshold':0.4000000059604645,'ap':0.5},"
                + "{'name':'flower','positives':0,'negatives':0,'bin':'0','history':'/v1/labels/flower',"
                + "'threshold':0.4000000059604645,'ap':null}]}"),
        body);
    var all = api.get("/v1/labels?limit=500").json().get("labels");
    assertEquals(8, all.size());
    assertEquals("animal", all.get(7).get("name").asText());
    assertEquals(3, all.get(7).get("positives").asInt());
    Http.Response bad = api.get("/v1/labels?limit=0");
    assertEquals(400, bad.status(), bad.body());
  }

  @Test
  void aLabelWithoutValidationPositivesHasNoAp() throws Exception {
    JsonNode v0002 = api.get("/v1/labels/flower").json().get("versions").get(1);
    assertEquals("v0002", v0002.get("version").asText());
    assertEquals(0, v0002.get("validationPositives").asInt());
    assertTrue(v0002.get("ap").isNull(), v0002.toString());
  }

  @Test
  void refusesUnknownAndMalformedNamesAndOtherMethods() throws Exception {
    Http.Response unknown = api.get("/v1/labels/unicorn");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("unknown-label", unknown.json().get("error").asText(), unknown.body());
    assertTrue(unknown.body().contains("'unicorn'"), unknown.body());
    Http.Response empty = api.get("/v1/labels/");
    assertEquals(400, empty.status(), empty.body());
    assertTrue(empty.body().contains("must not be empty"), empty.body());
    Http.Response control = api.get("/v1/labels/a%01b");
    assertEquals(400, control.status(), control.body());
    Http.Response post = api.post("/v1/labels/bird", q("{}"));
    assertEquals(405, post.status(), post.body());
    Http.Response anonymous = new Http(service.httpPort(), null).get("/v1/labels/bird");
    assertEquals(401, anonymous.status(), anonymous.body());
  }
}
