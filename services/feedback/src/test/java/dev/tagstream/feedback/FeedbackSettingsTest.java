package dev.tagstream.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackSettingsTest {
  private static final KafkaConfig KAFKA =
      new KafkaConfig("k:9092", "prod.", 6, (short) 1, Path.of("/data"), 0);

  private static FeedbackConfig read(String... args) {
    return FeedbackSettings.read(
        KAFKA, Settings.parse(FeedbackSettings.all(), List.of(args), Map.of()));
  }

  @Test
  void aCommitIntervalOfZeroOrOverAMinuteIsRefusedNamingTheKey() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("--feedback.commit-interval", "0s"));
    assertEquals(
        "feedback.commit-interval=0s (from flag --feedback.commit-interval) must be between 10 ms and"
            + " 60000 ms",
        e.getMessage());
    assertThrows(ConfigException.class, () -> read("--feedback.commit-interval", "2m"));
    assertThrows(ConfigException.class, () -> read("--feedback.unknown-image-grace", "-1s"));
  }

  @Test
  void defaultsAreExactlyOnceTenMinuteGraceAndDataDirVocabulary() {
    FeedbackConfig c = read();
    assertEquals(Path.of("/data/labels.json"), c.vocabulary());
    assertEquals(Duration.ofMinutes(10), c.unknownImageGrace());
    assertEquals("exactly_once_v2", c.processingGuarantee());
    assertEquals(Duration.ofMillis(100), c.commitInterval());
    assertEquals(1, c.threads());
    assertEquals("prod.tagstream-feedback", c.applicationId());
    assertEquals(Path.of("/data/feedback/streams"), c.stateDir());
    assertEquals(8082, c.http().port());
  }

  @Test
  void unknownProcessingGuaranteeIsRejectedNamingTheSetting() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> read("--feedback.processing-guarantee", "exactly_once"));
    assertEquals(
        "feedback.processing-guarantee=exactly_once (from flag --feedback.processing-guarantee)"
            + " must be one of [exactly_once_v2, at_least_once]",
        e.getMessage());
  }

  @Test
  void zeroGraceIsRejected() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("--feedback.unknown-image-grace", "0s"));
    assertEquals("feedback.unknown-image-grace must be positive, got PT0S", e.getMessage());
  }

  @Test
  void missingVocabularyFailsFastWithWhatToSet() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                FeedbackServiceFactory.loadVocabulary(
                    read("--feedback.vocabulary", "/nowhere/labels.json")));
    assertTrue(
        e.getMessage().contains("set --feedback.vocabulary (or TAGSTREAM_FEEDBACK_VOCABULARY)"),
        e.getMessage());
  }

  @Test
  void vocabularyWithCycleFailsFastNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("labels.json");
    Files.writeString(
        file, "[{\"name\":\"a\",\"parents\":[\"b\"]},{\"name\":\"b\",\"parents\":[\"a\"]}]");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                FeedbackServiceFactory.loadVocabulary(
                    read("--feedback.vocabulary", file.toString())));
    assertTrue(
        e.getMessage().startsWith("feedback.vocabulary=" + file + ": label hierarchy has a cycle"),
        e.getMessage());
  }

  @Test
  void expiryIsCheckedTenTimesPerGraceBetweenOneSecondAndOneMinute() {
    assertEquals(
        Duration.ofMinutes(1),
        TopologyConfig.of("", Fixture.VOCABULARY, Duration.ofHours(1)).expiryInterval());
    assertEquals(
        Duration.ofSeconds(30),
        TopologyConfig.of("", Fixture.VOCABULARY, Duration.ofMinutes(5)).expiryInterval());
    assertEquals(
        Duration.ofSeconds(1),
        TopologyConfig.of("", Fixture.VOCABULARY, Duration.ofSeconds(2)).expiryInterval());
  }
}
