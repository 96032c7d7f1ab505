package dev.tagstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.Service;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.testkit.Records;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review page in headless Chromium (Debian's chromium + chromium-driver) against the ingest
 * service on the real broker: token entry, queue order, confirm by click, reject by key, add
 * through type-ahead, automatic next image, skip, the narrow layout and the models page; the
 * decisions are read back from {@code labels}. Set {@code -Dtagstream.screenshot=/abs/path.png} to
 * save a screenshot of the queue.
 */
class ReviewPageIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String TOKEN = "review-token";

  @TempDir Path dir;

  @Test
  void confirmsRejectsAndAddsLabelsInTheBrowserAndTheyArriveOnTheLabelsTopic() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless browser test skipped: needs "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (apt-get install -y chromium chromium-driver)");
    KafkaConfig kafka = TestBroker.freshConfig(2);
    ReviewFixture world = new ReviewFixture(dir);
    world.publish(kafka);
    Instant before = Instant.now();
    try (Service service = world.startIngest(kafka, dir, TOKEN)) {
      Http api = new Http(service.httpPort(), TOKEN);
      Awaits.until(
          Duration.ofSeconds(60),
          () ->
              api.get("/v1/review/queue?limit=5").status() == 200
                  && api.get("/v1/review/queue?limit=5").json().get("predictions").asInt() == 4
                  && api.get("/v1/review/models").json().get("releases").size() == 3,
          "the view and the models to catch up");
      String page = "http://127.0.0.1:" + service.httpPort() + "/review/";

      try (WebDriver b =
          WebDriver.start(CHROMEDRIVER, CHROMIUM, dir.resolve("chromedriver.log"), 1200, 860)) {
        b.open(page);
        until(
            () -> b.text("#status").contains("needs a bearer token"),
            "the page to ask for the token");
        b.type("#token", TOKEN + WebDriver.ENTER);
        until(() -> b.text("#item-id").equals("img-cat"), "the most valuable image first");
        assertEquals(
            List.of("animal", "cat", "dog"),
            WebDriver.strings(
                b.script(
                    "return [...document.querySelectorAll('#labels .label')].map(e => e.dataset.label)")));
        until(
            () ->
                b.script(
                            "const i = document.getElementById('image'); return i.complete && i.naturalWidth")
                        .asInt()
                    == 256,
            "the file: image to load through the image route");

        b.click("#labels .label[data-label='animal'] button.yes"); // confirm by click
        until(
            () -> b.count("#labels .label.positive[data-label='animal']") == 1,
            "animal to show as confirmed");
        b.keys("jn"); // focus moved to 'cat'; j moves to 'dog', n rejects it
        until(
            () -> b.count("#labels .label.negative[data-label='dog']") == 1,
            "dog to show as rejected");
        b.keys("a"); // focus the add box
        b.keys("flo");
        until(
            () ->
                b.count("#suggestions li.active") == 1
                    && b.text("#suggestions li.active").equals("flower"),
            "type-ahead to offer 'flower'");
        b.keys(WebDriver.ENTER);
        until(() -> b.text("#known").contains("flower"), "the added label among the known ones");
        assertEquals("✓ animal\n✓ flower\n✗ dog", b.text("#known"));
        assertEquals(
            "cat",
            b.script("return document.querySelector('#labels .label.focus').dataset.label")
                .asText());
        screenshot(b);

        b.keys("a"); // a label nobody has added yet: the box offers it as a new label
        b.keys("lynx-cub");
        until(
            () -> b.text("#suggestions li:last-child").equals("new label “lynx-cub”…"),
            "the add box to offer a new label");
        b.keys(WebDriver.ARROW_DOWN + WebDriver.ENTER);
        until(
            () -> b.text("#known").contains("✓ lynx-cub"), "the new label confirmed on the image");
        assertTrue(api.get("/v1/vocabulary?prefix=lynx").body().contains("lynx-cub"));

        b.keys("y"); // the last open label: the next image follows by itself
        until(
            () -> b.text("#item-id").equals("img-tree"),
            "the next image after every label is decided");
        b.keys("s");
        until(() -> b.text("#item-id").equals("img-car"), "skip to show the third image");

        b.windowSize(420, 860);
        JsonNode rects =
            b.script(
                "const r = e => document.querySelector(e).getBoundingClientRect();"
                    + "return [r('.frame').bottom, r('.panel').top, r('.panel').width, window.innerWidth]");
        assertTrue(
            rects.get(1).asDouble() >= rects.get(0).asDouble(),
            "narrow screen: labels below the picture " + rects);
        assertTrue(
            rects.get(2).asDouble() <= rects.get(3).asDouble(),
            "narrow screen: nothing wider than the window " + rects);

        b.open(page + "models");
        until(() -> b.count("article.release") == 3, "three versions on the models page");
        assertEquals("v0003 default", b.text("article.release:nth-of-type(1) h2"));
        assertEquals(1, b.count("article.release.current"));
        assertEquals("v0002 default", b.text("article.release.current h2"));
        b.click("article.release.current button");
        until(
            () -> b.count("article.release.current iframe") == 1, "the evaluation report of v0002");

        // a label's history: no label-state in this world, so 'dog' starves (0 observed
        // positives); three versions, v0002 current with dog's threshold 0.4
        // every label starves here (no label-state), the added lynx-cub too; listed by name, each
        // linking to its history
        until(() -> b.count("#starving table tr") == 10, "nine labels by observed positives");
        b.click("#starving table a");
        until(
            () -> b.text("#label-history .observed").startsWith("0 observed positives"),
            "animal's history from its link");
        assertEquals(
            "animal", b.script("return document.getElementById('label-name').value").asText());
        b.script("document.getElementById('label-name').value = ''");
        b.type("#label-name", "dog" + WebDriver.ENTER);
        until(() -> b.count("#label-history table.versions tr") == 4, "dog's history");
        assertTrue(
            b.text("#label-history .observed.starving").startsWith("0 observed positives"),
            b.text("#label-history .observed"));
        assertEquals(
            "v0002 (current)",
            b.text("#label-history table.versions tr:nth-of-type(3) td:nth-of-type(1)"));
        assertEquals(
            "0.400", b.text("#label-history table.versions tr:nth-of-type(3) td:nth-of-type(4)"));
        b.open(page + "models#label=unicorn"); // a link to an unknown label says so
        until(
            () -> b.text("#label-history .error").contains("no label 'unicorn'"),
            "the unknown label's message");
        assertEquals(
            List.of(),
            WebDriver.strings(
                b.script(
                    "return performance.getEntriesByType('resource')"
                        + ".map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('blob:') && !n.startsWith('data:'))")),
            "nothing loaded from outside the ingest server");
      }

      List<ConsumerRecord<String, LabelConfirmation>> read =
          Records.readUntil(
              kafka, Topics.LABELS, Duration.ofSeconds(20), false, l -> fromPage(l).size() >= 5);
      Instant after = Instant.now();
      List<LabelConfirmation> decisions = fromPage(read);
      assertEquals(
          List.of(
              "img-cat animal POSITIVE review-ui",
              "img-cat dog NEGATIVE review-ui",
              "img-cat flower POSITIVE review-ui",
              "img-cat lynx-cub POSITIVE review-ui",
              "img-cat cat POSITIVE review-ui"),
          decisions.stream()
              .map(c -> c.getId() + " " + c.getLabel() + " " + c.getState() + " " + c.getSource())
              .toList());
      assertTrue(
          read.stream()
              .filter(r -> r.value().getSource().equals("review-ui"))
              .allMatch(r -> r.key().equals("img-cat")));
      for (LabelConfirmation c : decisions) {
        assertTrue(
            !c.getConfirmedAt().isBefore(before.minusMillis(1))
                && !c.getConfirmedAt().isAfter(after),
            c.getConfirmedAt() + " within the test");
      }
      assertEquals(LabelDecision.NEGATIVE, decisions.get(1).getState());
    }
  }

  static List<LabelConfirmation> fromPage(List<ConsumerRecord<String, LabelConfirmation>> records) {
    return records.stream()
        .map(ConsumerRecord::value)
        .filter(c -> c.getSource().equals("review-ui"))
        .sorted(java.util.Comparator.comparing(LabelConfirmation::getConfirmedAt))
        .toList();
  }

  static void until(Callable<Boolean> condition, String what) throws Exception {
    Awaits.until(
        Duration.ofSeconds(30),
        () -> {
          try {
            return condition.call();
          } catch (IllegalStateException notYet) { // no such element yet
            return false;
          }
        },
        what);
  }

  static void screenshot(WebDriver b) throws Exception {
    String target = System.getProperty("tagstream.screenshot");
    if (target != null && !target.isBlank()) {
      Path file = Path.of(target).toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.write(file, b.screenshot());
    }
  }
}
