package dev.tagstream.ingest;

import static dev.tagstream.ingest.Http.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ContractSamples;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.testkit.Records;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API end to end: real embedded broker, real producer, real Kafka Streams view. */
class IngestApiIT {
  static final String TOKEN = "s3cret-token";
  static KafkaConfig kafka;
  static Service service;
  static Http api;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestBroker.freshConfig(2);
    Path vocab = dir.resolve("labels.json");
    Files.writeString(
        vocab,
        q(
            "[{'name':'animal','parents':[]},{'name':'cat','parents':['animal']},"
                + "{'name':'dog','parents':['animal']}]"));
    service =
        IngestHarness.start(
            kafka,
            dir,
            "--ingest.token",
            TOKEN,
            "--ingest.max-body-bytes",
            "2048",
            "--ingest.max-batch",
            "5",
            "--ingest.vocabulary",
            vocab.toString());
    api = new Http(service.httpPort(), TOKEN);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  static List<ConsumerRecord<String, ImageReference>> images(String... ids) {
    List<String> wanted = List.of(ids);
    var all =
        Records.readUntil(
            kafka,
            Topics.IMAGES,
            Duration.ofSeconds(20),
            false,
            l ->
                l.stream().map(ConsumerRecord::key).filter(wanted::contains).count()
                    >= wanted.size());
    return all.stream().filter(r -> wanted.contains(r.key())).toList();
  }

  @Test
  void acceptsOneReferenceOnlyAfterKafkaStoredItKeyedById() throws Exception {
    var r =
        api.post(
            "/v1/images",
            q("{'id':'one-1','uri':'file:///data/one.png','labels':['cat'],'source':'cam-3'}"));
    assertEquals(202, r.status(), r.body());
    assertEquals(Http.json("{'accepted':['one-1'],'rejected':[]}"), r.json());
    var stored = images("one-1");
    assertEquals(1, stored.size());
    ImageReference v = stored.get(0).value();
    assertEquals("one-1", v.getId());
    assertEquals("file:///data/one.png", v.getUri());
    assertEquals("cam-3", v.getSource());
    assertEquals(List.of("cat"), v.getPositives());
  }

  @Test
  void publishesTheValidItemsOfAMixedBatchAndNamesEveryErrorOfTheOthers() throws Exception {
    var r =
        api.post(
            "/v1/images",
            q(
                "[{'id':'mix-1','uri':'https://example.org/1.png'},"
                    + "{'id':'mix 2','uri':'gopher://x/2.png','labels':['kitten']},"
                    + "{'id':'mix-3','uri':'http://example.org/3.png','negatives':['dog']}]"));
    assertEquals(202, r.status(), r.body());
    assertEquals(
        Http.json(
            "{'accepted':['mix-1','mix-3'],'rejected':[{'index':1,'id':'mix 2','errors':["
                + "{'field':'id','message':\"contains U+0020 at position 3; allowed are letters A-Z a-z, digits, '.', '_', ':' and '-'\"},"
                + "{'field':'uri','message':\"scheme 'gopher' is not allowed; use one of [file, http, https]\"},"
                + "{'field':'labels[0]','message':\"unknown label 'kitten' (not among the 3 labels of the configured vocabulary,"
                + " nor added by POST /v1/vocabulary)\"}]}]}"),
        r.json());
    assertEquals(
        List.of("mix-1", "mix-3"),
        images("mix-1", "mix-3").stream().map(ConsumerRecord::key).sorted().toList());
  }

  @Test
  void answers400WhenNoItemIsValid() throws Exception {
    var r =
        api.post("/v1/images", q("[{'id':'.bad','uri':'file:///x.png'},{'uri':'file:///y.png'}]"));
    assertEquals(400, r.status());
    assertEquals("invalid-items", r.json().get("error").asText());
    assertEquals(
        Http.json(
            "[{'index':0,'id':'.bad','errors':[{'field':'id','message':\"must not start with '.'\"}]},"
                + "{'index':1,'id':null,'errors':[{'field':'id','message':'is required'}]}]"),
        r.json().get("rejected"));
    assertEquals("[]", r.json().get("accepted").toString());
  }

  @Test
  void refusesTheSecondItemWithTheSameIdInOneBatch() throws Exception {
    var r =
        api.post(
            "/v1/images",
            q("[{'id':'dup-1','uri':'file:///a.png'},{'id':'dup-1','uri':'file:///b.png'}]"));
    assertEquals(202, r.status());
    assertEquals(
        Http.json(
            "{'accepted':['dup-1'],'rejected':[{'index':1,'id':'dup-1','errors':["
                + "{'field':'id','message':'duplicates item 0 of this batch'}]}]}"),
        r.json());
  }

  /** An NDJSON body sent chunked (no Content-Length), as a client streaming a manifest would. */
  static Http.Response stream(String path, String body) throws Exception {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return api.send(
        api.request(path)
            .header("Content-Type", "application/x-ndjson")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)))
            .build());
  }

  @Test
  void storesAnNdjsonStreamLineByLineInChunksAndNamesEveryRefusedLine() throws Exception {
    // max-batch 5: lines 1-6 hold the first chunk's five items (line 2 is blank), 7-10 the second
    String body =
        q(
            String.join(
                "\n",
                "{'id':'nd-1','uri':'file:///a.png'}",
                "",
                "{'id':'nd-2','uri':'file:///b.png','labels':['cat']}\r",
                "{'id':",
                "{'id':'nd-1','uri':'file:///c.png'}",
                "[{'id':'nd-9'}]",
                "{'id':'nd-3','uri':'file:///d.png'}",
                "{'id':'nd-4','uri':'file:///" + "p".repeat(3000) + ".png'}",
                "{'id':'nd-1','uri':'file:///e.png'}",
                "{'id':'nd-5','uri':'file:///f.png','labels':['kitten']}\n"));
    var r = stream("/v1/images", body);
    assertEquals(202, r.status(), r.body());
    var malformed =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            r.json().get("rejections").get(0).get("errors").get(0);
    assertTrue(
        malformed.get("message").asText().startsWith("malformed JSON at line 1, column "),
        r.body());
    malformed.put("message", "M");
    assertEquals(
        Http.json(
            "{'lines':9,'accepted':4,'rejected':5,'failed':0,'rejections':["
                + "{'line':4,'id':null,'errors':[{'field':'','message':'M'}]},"
                + "{'line':5,'id':'nd-1','errors':[{'field':'id','message':"
                + "'duplicates line 1 (ids are checked within each chunk of 5 lines)'}]},"
                + "{'line':6,'id':null,'errors':[{'field':'','message':'must be a JSON object, not an array'}]},"
                + "{'line':8,'id':null,'errors':[{'field':'','message':"
                + "'the line is longer than 2048 bytes (ingest.max-body-bytes); it was skipped'}]},"
                + "{'line':10,'id':'nd-5','errors':[{'field':'labels[0]','message':\"unknown label 'kitten'"
                + " (not among the 3 labels of the configured vocabulary, nor added by POST /v1/vocabulary)\"}]}"
                + "]}"),
        r.json());
    // a repeat in a later chunk is stored again, as in a later request
    var stored = images("nd-1", "nd-1", "nd-2", "nd-3");
    assertEquals(
        List.of(
            "nd-1 file:///a.png", "nd-1 file:///e.png", "nd-2 file:///b.png", "nd-3 file:///d.png"),
        stored.stream().map(c -> c.key() + " " + c.value().getUri()).sorted().toList());
    assertEquals(
        List.of("cat"),
        stored.stream()
            .filter(c -> c.key().equals("nd-2"))
            .findFirst()
            .orElseThrow()
            .value()
            .getPositives()
            .stream()
            .map(CharSequence::toString)
            .toList());
  }

  @Test
  void refusesAnEmptyStreamAnIdempotencyKeyOnAStreamAndAStreamOfOnlyBadLines() throws Exception {
    var empty = stream("/v1/images", "\n \n\r\n");
    assertEquals(400, empty.status(), empty.body());
    assertEquals(
        Http.json(
            "{'status':400,'error':'empty-stream','message':'the stream holds no item; send one JSON object per line'}"),
        empty.json());
    var keyed =
        api.send(
            api.request("/v1/images")
                .header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", "k-1")
                .POST(
                    HttpRequest.BodyPublishers.ofString(q("{'id':'ndk-1','uri':'file:///a.png'}")))
                .build());
    assertEquals(400, keyed.status(), keyed.body());
    assertEquals("idempotency-key-on-stream", keyed.json().get("error").asText());
    var bad = stream("/v1/images", q("{'id':'.x','uri':'file:///a.png'}\n7"));
    assertEquals(400, bad.status(), bad.body());
    assertEquals("invalid-items", bad.json().get("error").asText());
    assertEquals("no item was valid; see rejections", bad.json().get("message").asText());
    assertEquals(2, bad.json().get("rejected").asInt());
    assertEquals(0, bad.json().get("accepted").asInt());
  }

  @Test
  void takesLabelConfirmationsAsAStreamToo() throws Exception {
    var r =
        stream(
            "/v1/labels",
            q(
                "{'id':'ndl-1','label':'cat','state':'positive'}\n"
                    + "{'id':'ndl-1','label':'dog','state':'negative'}\n"));
    assertEquals(202, r.status(), r.body());
    assertEquals(
        Http.json("{'lines':2,'accepted':2,'rejected':0,'failed':0,'rejections':[]}"), r.json());
    var labels =
        Records.readUntil(
            kafka,
            Topics.LABELS,
            Duration.ofSeconds(20),
            false,
            l -> l.stream().filter(c -> c.key().equals("ndl-1")).count() >= 2);
    assertEquals(
        List.of("cat POSITIVE", "dog NEGATIVE"),
        labels.stream()
            .filter(c -> c.key().equals("ndl-1"))
            .map(c -> c.value().getLabel() + " " + c.value().getState())
            .toList());
  }

  @Test
  void requiresTheBearerTokenOnTheApiButNotOnTheOpenApiDocument() throws Exception {
    Http anonymous = new Http(service.httpPort(), null);
    var none = anonymous.post("/v1/images", q("{'id':'tok-1','uri':'file:///a.png'}"));
    assertEquals(401, none.status());
    assertEquals(
        Http.json(
            "{'status':401,'error':'unauthorized','message':'missing bearer token: send the header Authorization: Bearer <token>'}"),
        none.json());
    assertEquals(
        "Bearer realm=\"tagstream\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
    var wrong = new Http(service.httpPort(), "guess").get("/v1/images/tok-1");
    assertEquals(401, wrong.status());
    assertEquals("the bearer token is not valid", wrong.json().get("message").asText());
    var doc = anonymous.get("/openapi.json");
    assertEquals(200, doc.status());
    assertEquals("3.0.3", doc.json().get("openapi").asText());
    assertEquals(
        List.of(
            "/v1/images",
            "/v1/images/{id}",
            "/v1/labels",
            "/v1/labels/{name}",
            "/v1/review/queue",
            "/v1/review/images/{id}",
            "/v1/review/models",
            "/v1/review/models/{name}/{version}/report",
            "/v1/vocabulary",
            "/openapi.json"),
        iterate(doc.json().get("paths").fieldNames()));
  }

  static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void refusesABodyOverTheByteLimitWith413() throws Exception {
    String big = "[" + "{'id':'big','uri':'file:///" + "x".repeat(3000) + ".png'}" + "]";
    var r = api.post("/v1/images", q(big));
    assertEquals(413, r.status());
    assertEquals("body-too-large", r.json().get("error").asText());
    assertEquals(
        "request body of 3035 bytes exceeds the limit of 2048 bytes (ingest.max-body-bytes); split it into smaller batches",
        r.json().get("message").asText());
  }

  @Test
  void refusesABatchOverTheItemLimitWith413() throws Exception {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 6; i++) {
      b.append(i == 0 ? "" : ",").append("{'id':'n").append(i).append("','uri':'file:///a.png'}");
    }
    var r = api.post("/v1/images", q(b.append("]").toString()));
    assertEquals(413, r.status());
    assertEquals(
        Http.json(
            "{'status':413,'error':'batch-too-large','message':'the batch has 6 items; at most 5 are allowed per request (ingest.max-batch)'}"),
        r.json());
  }

  @Test
  void explainsMalformedJsonEmptyBodiesAndWrongContentTypes() throws Exception {
    var malformed = api.post("/v1/images", "{\"id\": \"a\",\n \"uri\": }");
    assertEquals(400, malformed.status());
    assertEquals("malformed-json", malformed.json().get("error").asText());
    assertTrue(
        malformed.json().get("message").asText().startsWith("malformed JSON at line 2, column 9: "),
        malformed.json().get("message").asText());
    var duplicateKey = api.post("/v1/images", q("{'id':'a','id':'b','uri':'file:///a.png'}"));
    assertEquals(400, duplicateKey.status());
    assertTrue(
        duplicateKey.json().get("message").asText().contains("Duplicate field 'id'"),
        duplicateKey.body());
    var empty = api.post("/v1/images", "");
    assertEquals(
        Http.json(
            "{'status':400,'error':'empty-body','message':'the request body is empty; send a JSON object or array'}"),
        empty.json());
    var emptyBatch = api.post("/v1/images", "[]");
    assertEquals(
        Http.json("{'status':400,'error':'empty-batch','message':'the batch is empty'}"),
        emptyBatch.json());
    var scalar = api.post("/v1/images", "42");
    assertEquals(
        "expected a JSON object or an array of objects, not a number",
        scalar.json().get("message").asText());
    var form = api.post("/v1/images", "id=a", "application/x-www-form-urlencoded");
    assertEquals(415, form.status());
    assertEquals(
        "send the body as JSON with the header Content-Type: application/json, or a stream of"
            + " items, one per line, with Content-Type: application/x-ndjson"
            + " (got 'application/x-www-form-urlencoded')",
        form.json().get("message").asText());
  }

  @Test
  void publishesLabelConfirmationsKeyedByImageIdInOrder() throws Exception {
    var r =
        api.post(
            "/v1/labels",
            q(
                "[{'id':'lab-1','label':'cat','state':'positive','source':'rev-1'},"
                    + "{'id':'lab-1','label':'cat','state':'retract'},{'id':'lab-1','label':'unicorn','state':'negative'},"
                    + "{'id':'lab-1','label':'dog','state':'nope'}]"));
    assertEquals(202, r.status(), r.body());
    assertEquals(Http.json("['lab-1','lab-1']"), r.json().get("accepted"));
    assertEquals(
        Http.json(
            "[{'index':2,'id':'lab-1','errors':[{'field':'label','message':\"unknown label 'unicorn' (not among the 3 labels of the configured vocabulary,"
                + " nor added by POST /v1/vocabulary)\"}]},"
                + "{'index':3,'id':'lab-1','errors':[{'field':'state','message':\"'nope' is not one of positive, negative, retract\"}]}]"),
        r.json().get("rejected"));
    var stored =
        Records.readUntil(
                kafka,
                Topics.LABELS,
                Duration.ofSeconds(20),
                false,
                l -> l.stream().filter(x -> x.key().equals("lab-1")).count() >= 2)
            .stream()
            .filter(x -> x.key().equals("lab-1"))
            .map(ConsumerRecord::value)
            .toList();
    assertEquals(
        List.of(LabelDecision.POSITIVE, LabelDecision.RETRACTED),
        stored.stream().map(LabelConfirmation::getState).toList());
    assertEquals(
        List.of("rev-1", "api"), stored.stream().map(LabelConfirmation::getSource).toList());
  }

  @Test
  void addsALabelThatConfirmationsMayNameAtOnceAndListsItUntilDeprecated() throws Exception {
    var withoutParent = api.post("/v1/vocabulary", q("{'name':'lynx','parents':['felid']}"));
    assertEquals(400, withoutParent.status(), withoutParent.body());
    HttpRequest add =
        api.request("/v1/vocabulary")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "add-lynx")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    q("{'name':'lynx','parents':['cat'],'source':'rev-9'}")))
            .build();
    var added = api.send(add);
    assertEquals(202, added.status(), added.body());
    assertEquals(Http.json("{'accepted':['lynx'],'rejected':[]}"), added.json());
    // right away on this replica, before its view has read the entry back
    var confirmed = api.post("/v1/labels", q("{'id':'voc-1','label':'lynx','state':'positive'}"));
    assertEquals(202, confirmed.status(), confirmed.body());
    assertEquals(added.json(), api.send(add).json(), "a resend gets the first answer");

    var stored =
        Records.readUntil(
            kafka, Topics.VOCABULARY, Duration.ofSeconds(20), false, l -> !l.isEmpty());
    assertEquals(1, stored.size(), "the resend stored nothing again");
    assertEquals("lynx", stored.get(0).key());
    assertEquals(List.of("cat"), stored.get(0).value().getParents());
    assertEquals("rev-9", stored.get(0).value().getAddedBy());

    Awaits.until(
        Duration.ofSeconds(30),
        () -> api.get("/v1/vocabulary?prefix=ly").body().contains("lynx"),
        "the added label to be listed");
    var again = api.post("/v1/vocabulary", q("{'name':'lynx','parents':['cat']}"));
    assertEquals(
        Http.json(
            "[{'index':0,'id':'lynx','errors':[{'field':'name',"
                + "'message':\"label 'lynx' is in the vocabulary already\"}]}]"),
        again.json().get("rejected"));

    var deprecated = api.post("/v1/vocabulary", q("{'name':'lynx','deprecated':true}"));
    assertEquals(202, deprecated.status(), deprecated.body());
    Awaits.until(
        Duration.ofSeconds(30),
        () -> !api.get("/v1/vocabulary?prefix=ly").body().contains("lynx"),
        "the deprecated label to leave the list");
    // its confirmations still count: deprecated labels leave new models, not the evidence
    var late = api.post("/v1/labels", q("{'id':'voc-1','label':'lynx','state':'negative'}"));
    assertEquals(202, late.status(), late.body());
  }

  @Test
  void servesTheLatestPredictionAndLabelStateFromTheView() throws Exception {
    var unknown = api.get("/v1/images/look-1");
    assertEquals(404, unknown.status());
    assertEquals("unknown-image", unknown.json().get("error").asText());
    Records.send(kafka, Topics.PREDICTIONS, "look-1", ContractSamples.prediction("look-1"));
    Records.send(
        kafka,
        Topics.PREDICTIONS,
        "look-1",
        dev.tagstream.contracts.Prediction.newBuilder(ContractSamples.prediction("look-1"))
            .setModelVersion("v9")
            .build());
    Records.send(kafka, Topics.LABEL_STATE, "look-1", ContractSamples.labelState("look-1"));
    Awaits.until(
        Duration.ofSeconds(30),
        () -> {
          var r = api.get("/v1/images/look-1");
          return r.status() == 200
              && r.json().get("prediction").get("modelVersion").asText().equals("v9")
              && !r.json().get("labelState").isNull();
        },
        "the prediction v9 and the label state to be served");
    var r = api.get("/v1/images/look-1");
    assertEquals("look-1", r.json().get("id").asText());
    assertEquals(
        Http.json("[{'label':'cat','probability':0.91},{'label':'animal','probability':0.5}]"),
        r.json().get("prediction").get("labels"));
    assertEquals(Http.json("['cat','animal']"), r.json().get("labelState").get("positives"));

    Records.send(kafka, Topics.LABEL_STATE, "look-2", ContractSamples.labelState("look-2"));
    Awaits.until(
        Duration.ofSeconds(30),
        () -> api.get("/v1/images/look-2").status() == 200,
        "look-2's label state");
    assertTrue(api.get("/v1/images/look-2").json().get("prediction").isNull());
  }

  @Test
  void refusesALookupOfAnInvalidId() throws Exception {
    var r = api.get("/v1/images/a..b");
    assertEquals(
        Http.json(
            "{'status':400,'error':'invalid-id','message':\"image id 'a..b' must not contain '..'\"}"),
        r.json());
  }

  @Test
  void answersUnknownPathsAndWrongMethodsInJson() throws Exception {
    var nowhere = api.get("/v2/nothing");
    assertEquals(404, nowhere.status());
    assertEquals(
        Http.json(
            "{'status':404,'error':'not-found','message':\"no such endpoint '/v2/nothing'; see /openapi.json\"}"),
        nowhere.json());
    assertEquals(404, api.get("/v1/images/a/b").status());
    var put =
        api.send(
            api.request("/v1/labels")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build());
    assertEquals(405, put.status());
    assertEquals("GET, POST", put.headers().firstValue("Allow").orElseThrow());
    assertEquals("method-not-allowed", put.json().get("error").asText());
    assertEquals(405, api.get("/v1/images").status());
  }

  @Test
  void countsRequestsByStatusAndItemsByOutcome() throws Exception {
    api.post(
        "/v1/images",
        q("[{'id':'met-1','uri':'file:///a.png'},{'id':'met-2','uri':'ftp://a/b.png'}]"));
    String metrics = new Http(service.httpPort(), null).get("/metrics").body();
    assertTrue(
        metrics.contains(
            "tagstream_ingest_requests_seconds_count{method=\"POST\",route=\"images\",service=\"ingest\",status=\"202\"}"),
        metrics);
    assertTrue(
        metrics.contains(
            "tagstream_ingest_items_accepted_total{kind=\"image\",service=\"ingest\"}"),
        metrics);
    assertTrue(
        metrics.contains(
            "tagstream_ingest_items_rejected_total{field=\"uri\",kind=\"image\",service=\"ingest\"}"),
        metrics);
    assertTrue(
        metrics.contains(
            "tagstream_ingest_produce_latency_seconds_count{kind=\"image\",service=\"ingest\"}"),
        metrics);
  }
}
