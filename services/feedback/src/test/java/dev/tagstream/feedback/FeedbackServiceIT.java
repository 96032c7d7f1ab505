package dev.tagstream.feedback;

import static dev.tagstream.contracts.LabelDecision.NEGATIVE;
import static dev.tagstream.contracts.LabelDecision.POSITIVE;
import static dev.tagstream.feedback.Fixture.confirm;
import static dev.tagstream.feedback.Fixture.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.testkit.Records;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback service end to end on the real in-JVM broker, exactly-once, found through
 * ServiceLoader.
 */
class FeedbackServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void foldsConfirmationsDeadLettersBadInputAndReportsQualityThroughTheRealBroker()
      throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(2);
    Path vocabulary = dir.resolve("labels.json");
    Fixture.VOCABULARY.write(vocabulary);
    ServiceFactory factory =
        ServiceLoader.load(ServiceFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals("feedback"))
            .findFirst()
            .orElseThrow();
    Settings settings =
        Settings.parse(
            factory.settings(),
            List.of("--feedback.vocabulary", vocabulary.toString(), "--feedback.http-port", "0"),
            Map.of());

    try (Service service = factory.create(kafka, settings)) {
      service.start();
      String base = "http://127.0.0.1:" + service.httpPort();
      await(() -> status(base + "/readyz") == 200, "feedback ready");

      Records.send(
          kafka, Topics.PREDICTIONS, "img-1", Fixture.prediction("img-1", "v7", "cat", "dog"));
      Records.send(
          kafka, Topics.IMAGES, "img-1", image("img-1", 500, List.of("kitten"), List.of()));
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "dog", NEGATIVE, 1000));
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "unicorn", POSITIVE, 1000));
      Records.sendRaw(kafka, Topics.LABELS.name(kafka.topicPrefix()), "img-1", new byte[] {9, 9});
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "car", POSITIVE, 1100));
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "cat", POSITIVE, 1200));

      LabelState expected =
          Fixture.state(
              "img-1",
              List.of("animal", "cat", "kitten", "vehicle", "car"),
              List.of("dog"),
              Map.of("kitten", 500L, "dog", 1000L, "car", 1100L, "cat", 1200L),
              3,
              0);
      List<ConsumerRecord<String, LabelState>> states =
          Records.readUntil(
              kafka,
              Topics.LABEL_STATE,
              WAIT,
              true,
              l -> !l.isEmpty() && l.get(l.size() - 1).value().getConfirmations() == 3);
      LabelState last = states.get(states.size() - 1).value();
      assertEquals(
          expected, LabelState.newBuilder(last).setUpdatedAt(expected.getUpdatedAt()).build());

      // garbage on the vocabulary topic is skipped by the global thread (no dead letter: it has no
      // producer) and the app lives on: the entry after it still arrives
      Records.sendRaw(
          kafka, Topics.VOCABULARY.name(kafka.topicPrefix()), "unicorn", new byte[] {9, 9});
      // 'unicorn' waited for the vocabulary; once added (under animal) it is folded, completed up
      Records.send(
          kafka,
          Topics.VOCABULARY,
          "unicorn",
          VocabularyEntry.newBuilder()
              .setName("unicorn")
              .setParents(List.of("animal"))
              .setAddedBy("it")
              .setAddedAt(Instant.ofEpochMilli(1500))
              .build());
      states =
          Records.readUntil(
              kafka,
              Topics.LABEL_STATE,
              WAIT,
              true,
              l -> !l.isEmpty() && l.get(l.size() - 1).value().getConfirmations() == 4);
      last = states.get(states.size() - 1).value();
      assertEquals(
          List.of("animal", "cat", "kitten", "vehicle", "car", "unicorn"), last.getPositives());
      assertEquals(1000L, last.getDecidedAt().get("unicorn"));
      assertEquals(200, status(base + "/readyz"), "feedback still ready after the garbage");

      List<ConsumerRecord<String, Failure>> failures =
          Records.readUntil(kafka, Topics.FAILURES, WAIT, true, l -> l.size() >= 1);
      assertEquals(
          List.of(ConfirmationDeadLetters.MALFORMED_VALUE),
          failures.stream().map(r -> r.value().getReason()).toList());

      Map<String, LabelState> snapshot = LabelStates.snapshot(kafka, WAIT);
      assertEquals(Map.of("img-1", last), snapshot);

      // v7 predicted cat and dog: cat confirmed (TP), dog rejected (FP), car missed (FN)
      String metrics = body(base + "/metrics");
      assertTrue(
          metrics.contains(
              "tagstream_quality_online_precision{model_version=\"v7\",service=\"feedback\"} 0.5"),
          metrics);
      assertTrue(
          metrics.contains(
              "tagstream_quality_online_recall{model_version=\"v7\",service=\"feedback\"} 0.5"),
          metrics);
      assertTrue(metrics.contains("kafka_stream"), "KafkaStreamsMetrics bound");
    }
  }

  @Test
  void decisionsSurviveARestartSoALateOlderConfirmationStillLoses() throws Exception {
    KafkaConfig kafka = TestBroker.freshConfig(1);
    Path vocabulary = dir.resolve("labels.json");
    Fixture.VOCABULARY.write(vocabulary);
    Settings settings =
        Settings.parse(
            FeedbackSettings.all(),
            List.of("--feedback.vocabulary", vocabulary.toString(), "--feedback.http-port", "0"),
            Map.of());

    try (FeedbackService first =
        (FeedbackService) new FeedbackServiceFactory().create(kafka, settings)) {
      first.start();
      Records.send(kafka, Topics.IMAGES, "img-1", image("img-1", 500));
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "dog", POSITIVE, 2000));
      Records.readUntil(kafka, Topics.LABEL_STATE, WAIT, true, l -> l.size() == 2);
    }
    try (FeedbackService second =
        (FeedbackService) new FeedbackServiceFactory().create(kafka, settings)) {
      second.start();
      Records.send(
          kafka, Topics.LABELS, "img-1", confirm("img-1", "dog", NEGATIVE, 1000)); // older: loses
      Records.send(kafka, Topics.LABELS, "img-1", confirm("img-1", "car", NEGATIVE, 3000));

      List<ConsumerRecord<String, LabelState>> states =
          Records.readUntil(kafka, Topics.LABEL_STATE, WAIT, true, l -> l.size() == 3);
      LabelState last = states.get(2).value();
      assertEquals(List.of("animal", "dog"), last.getPositives());
      assertEquals(List.of("car"), last.getNegatives());
      assertEquals(Map.of("dog", 2000L, "car", 3000L), last.getDecidedAt());
      assertEquals(2L, last.getConfirmations());
      assertEquals(
          1.0,
          second
              .registry()
              .get(FeedbackMetrics.CONFIRMATIONS)
              .tag("result", "stale")
              .counter()
              .count());
    }
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private String body(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50); // polling an HTTP endpoint: there is no event to wait on
    }
  }
}
