package dev.tagstream.ingest.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.testkit.Records;
import dev.tagstream.ingest.IngestServiceFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tagstream submit} against a running ingest service on the real broker. */
class SubmitCommandIT {
  static final String TOKEN = "t0ken";
  static KafkaConfig kafka;
  static Service service;
  static String url;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    kafka = TestBroker.freshConfig(2);
    IngestServiceFactory f = new IngestServiceFactory();
    // max-batch 4 below the client's batch of 10: the client must split batches the server finds
    // too large.
    service =
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
                    "--ingest.max-batch",
                    "4",
                    "--ingest.view-state-dir",
                    dir.resolve("state").toString()),
                Map.of()));
    service.start();
    url = "http://127.0.0.1:" + service.httpPort();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  record Run(int exit, String out, String err) {}

  static Run submit(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--url", url, "--token", TOKEN, "--batch", "10"));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        new SubmitCommand()
            .run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static List<ConsumerRecord<String, ImageReference>> stored(String idPrefix, int atLeast) {
    return Records.readUntil(
            kafka,
            Topics.IMAGES,
            Duration.ofSeconds(20),
            false,
            l -> l.stream().filter(r -> r.key().startsWith(idPrefix)).count() >= atLeast)
        .stream()
        .filter(r -> r.key().startsWith(idPrefix))
        .toList();
  }

  @Test
  void submitsAManifestReportsEveryRejectionAndIsIdempotentWhenRunAgain() throws Exception {
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      m.append("{\"id\":\"man-")
          .append(i)
          .append("\",\"uri\":\"file:///data/")
          .append(i)
          .append(".png\",\"labels\":[\"cat\"]}\n");
    }
    m.append("{\"id\":\"man bad\",\"uri\":\"ftp://x/y.png\"}\n");
    m.append("not json\n");
    m.append("{\"id\":\"man-3\",\"uri\":\"file:///again.png\"}\n");
    Path manifest = dir.resolve("images.jsonl");
    Files.writeString(manifest, m.toString());

    Run first = submit("--manifest", manifest.toString());
    assertEquals(1, first.exit(), first.out());
    String[] lines = first.out().split("\n");
    assertTrue(
        lines[0].startsWith("submitted 15 item(s) from " + manifest + " to " + url + " in "),
        lines[0]);
    assertTrue(lines[0].endsWith(": 12 accepted, 3 rejected, 0 not stored"), lines[0]);
    assertEquals(
        List.of(
            "rejected (fix these and submit again):",
            "  line 14: not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            "  line 15 (id 'man-3'): id: duplicates line 4",
            "  line 13 (id 'man bad'): id: contains U+0020 at position 3; allowed are letters A-Z a-z, digits, '.', '_', ':' and '-'; "
                + "uri: scheme 'ftp' is not allowed; use one of [file, http, https]"),
        List.of(lines).subList(1, lines.length));
    assertTrue(first.err().contains("15/15 100%  12 accepted, 3 rejected"), first.err());

    var once = stored("man-", 12);
    assertEquals(12, once.size());
    assertEquals("submit", once.get(0).value().getSource());
    assertEquals(List.of("cat"), once.get(0).value().getPositives());

    Run again = submit("--manifest", manifest.toString());
    assertEquals(1, again.exit());
    var twice = stored("man-", 24);
    assertEquals(24, twice.size());
    // The log holds each record twice, under the same key: consumers keyed by id see one image
    // each.
    Map<String, Long> perKey =
        twice.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    assertEquals(12, perKey.size());
    assertTrue(perKey.values().stream().allMatch(n -> n == 2), perKey.toString());
  }

  @Test
  void submitsADirectoryWithIdsFromRelativePaths() throws Exception {
    Path images = Files.createDirectories(dir.resolve("pics"));
    Files.createDirectories(images.resolve("sub"));
    for (String f : List.of("one.png", "two.jpg", "sub/three.png", "readme.txt")) {
      Files.write(images.resolve(f), new byte[] {1});
    }
    Run flat = submit("--dir", images.toString(), "--id-prefix", "dirflat:");
    assertEquals(0, flat.exit(), flat.out());
    assertTrue(flat.out().endsWith(": 2 accepted, 0 rejected, 0 not stored\n"), flat.out());

    Run deep = submit("--dir", images.toString(), "--id-prefix", "dirdeep:", "--recursive");
    assertEquals(0, deep.exit(), deep.out());
    var recs = stored("dirdeep:", 3);
    assertEquals(
        List.of("dirdeep:one.png", "dirdeep:sub:three.png", "dirdeep:two.jpg"),
        recs.stream().map(ConsumerRecord::key).sorted().toList());
    ImageReference three =
        recs.stream()
            .filter(r -> r.key().equals("dirdeep:sub:three.png"))
            .findFirst()
            .orElseThrow()
            .value();
    assertEquals(
        images.toAbsolutePath().resolve("sub/three.png").toUri().toString(), three.getUri());
  }

  @Test
  void aBatchResentAfterItsAnswerWasLostIsStoredOnce() throws Exception {
    List<SubmitItem> items = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      items.add(
          new SubmitItem(
              "line " + (i + 1),
              "lost-" + i,
              ManifestItems.JSON
                  .createObjectNode()
                  .put("id", "lost-" + i)
                  .put("uri", "file:///data/lost-" + i + ".png"),
              null));
    }
    try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(service.httpPort(), 1)) {
      ImagesClient client =
          new ImagesClient(
              java.net.URI.create("http://127.0.0.1:" + proxy.port()),
              TOKEN,
              2,
              Duration.ofMillis(50));
      List<ItemResult> results = client.send(items);
      assertEquals(
          1, proxy.dropped()); // the server stored the batch once and its answer never arrived
      assertEquals(List.of(ItemResult.ACCEPTED, ItemResult.ACCEPTED, ItemResult.ACCEPTED), results);
    }
    // Everything is acknowledged before an answer is sent, so the topic is complete now; read it to
    // the end.
    var stored =
        Records.readUntil(kafka, Topics.IMAGES, Duration.ofSeconds(3), false, l -> false).stream()
            .filter(r -> r.key().startsWith("lost-"))
            .map(ConsumerRecord::key)
            .sorted()
            .toList();
    assertEquals(List.of("lost-0", "lost-1", "lost-2"), stored);
  }

  @Test
  void saysIngestCannotBeReachedAndPrintsNoCountsWhenNothingWasSent() throws Exception {
    Path manifest = dir.resolve("two.jsonl");
    Files.writeString(
        manifest,
        "{\"id\":\"nob-1\",\"uri\":\"file:///x.png\"}\n"
            + "{\"id\":\"nob-2\",\"uri\":\"file:///y.png\"}\n");
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String nowhere = "http://127.0.0.1:" + closedPort;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        new SubmitCommand()
            .run(
                List.of("--url", nowhere, "--manifest", manifest.toString(), "--retries", "1"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, rc);
    assertEquals(
        "", out.toString(StandardCharsets.UTF_8)); // no "submitted 2 item(s) ... 0 accepted"
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        e.contains("submit: cannot reach " + nowhere + "/v1/images: ")
            && e.endsWith(": is ingest running? (nothing was submitted)\n"),
        e);
  }

  @Test
  void stopsWithTheServersExplanationWhenTheTokenIsWrong() throws Exception {
    Path manifest = dir.resolve("one.jsonl");
    Files.writeString(manifest, "{\"id\":\"tok-x\",\"uri\":\"file:///x.png\"}\n");
    SubmitException e =
        assertThrows(
            SubmitException.class,
            () ->
                new SubmitCommand()
                    .run(
                        List.of(
                            "--url", url, "--token", "wrong", "--manifest", manifest.toString()),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(
                            new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertEquals(
        "the API at "
            + url
            + "/v1/images refused the request (HTTP 401): the bearer token is not valid",
        e.getMessage());
  }
}
