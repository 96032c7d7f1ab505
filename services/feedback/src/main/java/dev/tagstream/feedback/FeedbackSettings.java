package dev.tagstream.feedback;

import dev.tagstream.core.config.HttpSettings;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The feedback service's settings and how they become a {@link FeedbackConfig}. */
final class FeedbackSettings {
  static final Setting VOCABULARY =
      Setting.of(
          "feedback.vocabulary",
          null,
          "labels.json of the label space (name, parents). Unset: <data-dir>/labels.json.");
  static final Setting UNKNOWN_IMAGE_GRACE =
      Setting.of(
          "feedback.unknown-image-grace",
          "10m",
          "How long (in stream time) a confirmation for an image not yet seen on 'images' waits for it before it goes "
              + "to 'failures' as unknown-image.");
  static final Setting PROCESSING_GUARANTEE =
      Setting.of(
          "feedback.processing-guarantee",
          "exactly_once_v2",
          "Kafka Streams processing guarantee: exactly_once_v2 or at_least_once.");
  static final Setting COMMIT_INTERVAL =
      Setting.of(
          "feedback.commit-interval",
          "100ms",
          "How often Streams commits (and, under exactly-once, how long label-state output may wait to be visible).");
  static final Setting THREADS = Setting.of("feedback.threads", "1", "Kafka Streams threads.");
  static final Setting APPLICATION_ID =
      Setting.of(
          "feedback.application-id",
          "tagstream-feedback",
          "Kafka Streams application id (consumer group, internal topic and state names); the topic prefix is prepended.");
  static final Setting HTTP_PORT = HttpSettings.port("feedback", 8082);

  static final List<String> GUARANTEES = List.of("exactly_once_v2", "at_least_once");

  private FeedbackSettings() {}

  static List<Setting> all() {
    List<Setting> all =
        new java.util.ArrayList<>(
            List.of(
                VOCABULARY,
                UNKNOWN_IMAGE_GRACE,
                PROCESSING_GUARANTEE,
                COMMIT_INTERVAL,
                THREADS,
                APPLICATION_ID,
                HTTP_PORT));
    all.addAll(HttpSettings.all());
    return List.copyOf(all);
  }

  static FeedbackConfig read(KafkaConfig kafka, Settings s) {
    Path vocabulary =
        s.isSet(VOCABULARY) ? s.path(VOCABULARY) : kafka.dataDir().resolve("labels.json");
    String guarantee = s.string(PROCESSING_GUARANTEE).trim();
    if (!GUARANTEES.contains(guarantee)) {
      throw s.invalid(PROCESSING_GUARANTEE, "must be one of " + GUARANTEES);
    }
    return new FeedbackConfig(
        vocabulary,
        s.duration(UNKNOWN_IMAGE_GRACE, Duration.ZERO, Duration.ofDays(30)),
        guarantee,
        // 0 would make Streams commit after every record; longer than a minute delays label-state
        // under exactly-once
        s.duration(COMMIT_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(1)),
        s.integer(THREADS, 1, 64),
        kafka.topicPrefix() + s.string(APPLICATION_ID),
        kafka.dataDir().resolve("feedback").resolve("streams"),
        HttpSettings.read(s, HTTP_PORT));
  }
}
