package dev.tagstream.ingest;

import static dev.tagstream.ingest.Http.q;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review endpoints over HTTP on the real broker: queue, images, vocabulary, models, pages,
 * token.
 */
class ReviewApiIT {
  static final String TOKEN = "review-api-token";
  static KafkaConfig kafka;
  static Service service;
  static Http api;
  static ReviewFixture world;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestBroker.freshConfig(2);
    world = new ReviewFixture(dir);
    world.publish(kafka);
    List<LabelScore> car = List.of(new LabelScore("car", 0.97f));
    world.send(
        kafka,
        Prediction.newBuilder(world.prediction("img-outside", "../secret.png", car, null))
            .setUri(dir.resolve("secret.png").toUri().toString())
            .build());
    world.send(
        kafka,
        Prediction.newBuilder(world.prediction("img-traversal", "x", car, null))
            .setUri("file://" + world.root + "/../secret.png")
            .build());
    world.send(
        kafka,
        Prediction.newBuilder(world.prediction("img-http", "x", car, null))
            .setUri("https://example.org/x.png")
            .build());
    world.send(kafka, world.prediction("img-text", "notes.txt", car, null));
    world.send(kafka, world.prediction("img-gone", "gone.png", car, null));
    world.send(kafka, world.prediction("img-leave", "car.png", car, null));
    service = world.startIngest(kafka, dir, TOKEN);
    api = new Http(service.httpPort(), TOKEN);
    Awaits.until(
        Duration.ofSeconds(60),
        () ->
            api.get("/v1/review/queue?limit=50").status() == 200
                && api.get("/v1/review/queue?limit=50").json().get("predictions").asInt() == 10
                && api.get("/v1/review/models").json().get("releases").size() == 3,
        "the view and the models to catch up");
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void requiresTheTokenOnEveryReviewEndpointButNotOnThePages() throws Exception {
    Http anonymous = new Http(service.httpPort(), null);
    for (String path :
        List.of(
            "/v1/review/queue",
            "/v1/review/images/img-cat",
            "/v1/review/models",
            "/v1/review/models/default/v0002/report",
            "/v1/vocabulary?prefix=c")) {
      var r = anonymous.get(path);
      assertEquals(401, r.status(), path);
      assertEquals("unauthorized", r.json().get("error").asText(), path);
      assertEquals(401, new Http(service.httpPort(), "wrong").get(path).status(), path);
    }
    var page = anonymous.get("/review/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<title>Review · tagstream</title>"));
    assertEquals(
        "text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(
        page.headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow()
            .startsWith("default-src 'self';"));
    assertEquals(200, anonymous.get("/review/queue.js").status());
    assertEquals(200, anonymous.get("/review/models").status());
  }

  @Test
  void servesTheMostValuableImageFirstWithItsLabelsAndWhatIsKnown() throws Exception {
    var r = api.get("/v1/review/queue?limit=1");
    assertEquals(200, r.status(), r.body());
    assertEquals(
        Http.json(
            "{'items':[{'id':'img-cat','uri':'"
                + world.root.resolve("cat.png").toUri()
                + "',"
                + "'image':'/v1/review/images/img-cat','modelVersion':'v0002','value':1.325,'labels':["
                + "{'label':'animal','probability':0.91,'threshold':0.62,'doubt':0.0,'value':0.5323,'predicted':true,'decision':null},"
                + "{'label':'cat','probability':0.58,'threshold':0.55,'doubt':0.0,'value':0.9455,'predicted':true,'decision':null},"
                + "{'label':'dog','probability':0.33,'threshold':0.4,'doubt':1.0,'value':1.325,'predicted':false,'decision':null}],"
                + "'known':{'positives':[],'negatives':[]}}],'predictions':10}"),
        r.json());
    var all = api.get("/v1/review/queue?limit=50&exclude=img-cat,img-leave").json().get("items");
    List<String> ids = new java.util.ArrayList<>();
    all.forEach(i -> ids.add(i.get("id").asText()));
    // img-done is left out: its only shown label was decided before; equal values go by id
    assertEquals(
        List.of(
            "img-tree",
            "img-car",
            "img-gone",
            "img-http",
            "img-outside",
            "img-text",
            "img-traversal"),
        ids);
    assertEquals("https://example.org/x.png", all.get(3).get("image").asText());
  }

  @Test
  void anImageLeavesTheQueueOnceEveryShownLabelIsDecided() throws Exception {
    assertTrue(api.get("/v1/review/queue?limit=50").body().contains("\"img-leave\""));
    var posted =
        api.post(
            "/v1/labels",
            q("{'id':'img-leave','label':'car','state':'negative','source':'review-ui'}"));
    assertEquals(202, posted.status(), posted.body());
    Awaits.until(
        Duration.ofSeconds(20),
        () -> !api.get("/v1/review/queue?limit=50").body().contains("\"img-leave\""),
        "img-leave to leave the queue");
  }

  @Test
  void refusesBadQueueParameters() throws Exception {
    var r = api.get("/v1/review/queue?limit=0");
    assertEquals(400, r.status());
    assertEquals("limit='0' is not a whole number from 1 to 50", r.json().get("message").asText());
    assertEquals(405, api.post("/v1/review/queue", "{}").status());
  }

  @Test
  void servesAFileImageUnderTheRootsAsIsWithItsType() throws Exception {
    HttpResponse<byte[]> r = api.bytes("/v1/review/images/img-cat");
    assertEquals(200, r.statusCode());
    assertEquals("image/png", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertArrayEquals(Files.readAllBytes(world.root.resolve("cat.png")), r.body());
  }

  @Test
  void refusesImagesOutsideTheRootsThroughTraversalOrNotFilesAtAll() throws Exception {
    assertImage(
        "img-outside",
        403,
        "not-served",
        "the image of 'img-outside' is not served: the file lies outside ingest.file-roots");
    assertImage(
        "img-traversal",
        403,
        "not-served",
        "the image of 'img-traversal' is not served: the path contains '..'");
    assertImage(
        "img-http",
        403,
        "not-served",
        "the image of 'img-http' is not served: "
            + "only file: images are served here; the page loads http(s) images itself");
    assertImage(
        "img-text",
        415,
        "not-an-image",
        "the file of 'img-text' is not a PNG, JPEG, GIF, WebP or BMP image");
    assertImage(
        "img-gone", 404, "image-missing", "the image of 'img-gone' cannot be read: no such file");
    assertImage("img-nobody", 404, "unknown-image", "no prediction names an image 'img-nobody'");
    assertImage("..", 400, "invalid-id", "image id '..' must not start with '.'");
  }

  static void assertImage(String id, int status, String error, String message) throws Exception {
    var r = api.get("/v1/review/images/" + id);
    assertEquals(status, r.status(), r.body());
    assertEquals(error, r.json().get("error").asText());
    assertEquals(message, r.json().get("message").asText());
  }

  @Test
  void offersVocabularyLabelsForTypeAhead() throws Exception {
    var r = api.get("/v1/vocabulary?prefix=ca&limit=5");
    assertEquals(200, r.status());
    assertEquals(
        Http.json(
            "{'source':'ingest.vocabulary','total':8,'labels':["
                + "{'name':'car','parents':[]},{'name':'cat','parents':['animal']}]}"),
        r.json());
  }

  @Test
  void listsEveryVersionWithStatusCurrentMetricsAndReport() throws Exception {
    var r = api.get("/v1/review/models");
    assertEquals(200, r.status());
    var releases = r.json().get("releases");
    assertEquals(3, releases.size());
    assertEquals(
        Http.json(
            "{'name':'default','version':'v0002','parent':'v0001','status':'promoted','current':true,"
                + "'reason':'better by 0.06 mAP','announcedAt':'2026-03-01T11:00:00Z','labelSetHash':'"
                + ReviewFixture.vocabulary().hash()
                + "','artifactUri':'"
                + world.registry.resolve("v0002").toUri()
                + "',"
                + "'report':'/v1/review/models/default/v0002/report','metrics':{'f1':0.5,'mAP':0.47},"
                + "'artifact':{'readable':true,'created':'2026-03-01T09:00:00Z','labels':8,'fallbackThresholds':4,"
                + "'metrics':{'mAP':0.47,'microF1':0.52}}}"),
        releases.get(1));
    assertEquals("rejected", releases.get(0).get("status").asText());
    assertEquals(false, releases.get(0).get("current").asBoolean());
    assertEquals(false, releases.get(2).get("current").asBoolean());
    assertTrue(r.json().get("comparison").isNull(), "no shadowed candidate: nothing side by side");
  }

  @Test
  void rendersAVersionsEvaluationPageAndRefusesUnknownVersions() throws Exception {
    var r = api.get("/v1/review/models/default/v0002/report");
    assertEquals(200, r.status());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(r.body().contains("<h1>Model default v0002 — promoted (current)</h1>"), r.body());
    assertTrue(
        r.body().contains("<tr><td>shared fallback (or never reached)</td><td>4</td></tr>"),
        r.body());
    assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().endsWith("sandbox"));
    Files.writeString(world.registry.resolve("v0001").resolve("report.html"), "<p>own report</p>");
    assertEquals("<p>own report</p>", api.get("/v1/review/models/default/v0001/report").body());
    var unknown = api.get("/v1/review/models/default/v0042/report");
    assertEquals(404, unknown.status());
    assertEquals("unknown-version", unknown.json().get("error").asText());
    assertEquals(404, api.get("/v1/review/models/default/v0002/other").status());
  }

  @Test
  void redirectsToThePagesAndAnswersJson404ForUnknownFiles() throws Exception {
    var r = api.get("/review");
    assertEquals(308, r.status());
    assertEquals("/review/", r.headers().firstValue("Location").orElseThrow());
    var none = api.get("/review/secrets.txt");
    assertEquals(404, none.status());
    assertEquals("not-found", none.json().get("error").asText());
  }
}
