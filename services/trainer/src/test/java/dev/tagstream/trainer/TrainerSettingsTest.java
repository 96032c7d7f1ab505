package dev.tagstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import dev.tagstream.model.loss.LossSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerSettingsTest {
  private static final KafkaConfig KAFKA =
      new KafkaConfig("localhost:9092", "", 1, (short) 1, Path.of("data"), 0);

  private static TrainerConfig read(String... args) {
    return TrainerSettings.read(
        KAFKA, Settings.parse(TrainerSettings.all(), List.of(args), Map.of()));
  }

  @Test
  void defaults() {
    TrainerConfig c = read();
    assertEquals(Path.of("data", "registry"), c.registry());
    assertEquals(Path.of("data", "trainer", "embeddings.bin"), c.embeddingCache());
    assertNull(c.vocabulary());
    assertEquals(
        new TriggerPolicy(200, 1, Duration.ofMinutes(30), Duration.ofMinutes(1)), c.trigger());
    assertEquals(10, c.validationPercent());
    assertEquals(0.0, c.minImprovement());
    assertEquals(5, c.fullEvery());
    assertEquals(LossSpec.of("weighted"), c.loss());
    assertEquals(8083, c.http().port());
    assertEquals("tagger", c.modelName());
    assertEquals("shipped", c.backbone());
    // images are read by the worker's rule and defaults: no file: URI until roots are given, no
    // private address
    assertEquals(List.of(), c.fetch().fileRoots());
    assertEquals(List.of(), c.fetch().allowedRanges());
    assertEquals(Duration.ofSeconds(10), c.fetch().timeout());
    assertEquals(20L << 20, c.fetch().maxBytes());
    assertEquals(40_000_000L, c.maxPixels());
  }

  @Test
  void readsTheFetchSettingsUnderTheTrainerPrefix() {
    TrainerConfig c =
        read(
            "--trainer.file-roots",
            "/images,/more",
            "--trainer.fetch.allow-addresses",
            "10.1.0.0/16",
            "--trainer.fetch.retries",
            "0",
            "--trainer.decode.max-pixels",
            "1000");
    assertEquals(List.of(Path.of("/images"), Path.of("/more")), c.fetch().fileRoots());
    assertEquals(List.of("10.1.0.0/16"), c.fetch().allowedRanges());
    assertEquals(0, c.fetch().retries());
    assertEquals(1000, c.maxPixels());
  }

  @Test
  void rangeChecksTheFetchSettingsAtStartNamingTheKey() {
    ConfigException timeout =
        assertThrows(ConfigException.class, () -> read("--trainer.fetch.timeout", "0s"));
    assertEquals(
        "trainer.fetch.timeout=0s (from flag --trainer.fetch.timeout) must be between 100 ms and 600000 ms",
        timeout.getMessage());
    ConfigException retries =
        assertThrows(ConfigException.class, () -> read("--trainer.fetch.retries", "11"));
    assertEquals(
        "trainer.fetch.retries=11 (from flag --trainer.fetch.retries) must be between 0 and 10",
        retries.getMessage());
    ConfigException range =
        assertThrows(
            ConfigException.class,
            () -> read("--trainer.fetch.allow-addresses", "intranet.example"));
    assertEquals(
        "trainer.fetch.allow-addresses=intranet.example (from flag --trainer.fetch.allow-addresses)"
            + " is not an address range: 'intranet.example' is not an IP address literal",
        range.getMessage());
    ConfigException backoff =
        assertThrows(ConfigException.class, () -> read("--trainer.fetch.backoff", "2m"));
    assertEquals(
        "trainer.fetch.backoff=2m (from flag --trainer.fetch.backoff) must be between 0 ms and"
            + " 60000 ms",
        backoff.getMessage());
    ConfigException pixels =
        assertThrows(ConfigException.class, () -> read("--trainer.decode.max-pixels", "0"));
    assertTrue(
        pixels
            .getMessage()
            .startsWith(
                "trainer.decode.max-pixels=0 (from flag --trainer.decode.max-pixels)"
                    + " must be between 1 and "),
        pixels.getMessage());
  }

  @Test
  void rangeChecksTheRetrainIntervalsNamingKeyAndSource() {
    // a zero max-interval would retrain after every confirmation, whatever min-new-confirmations
    // says
    assertEquals(
        "trainer.max-interval=0s (from flag --trainer.max-interval) must be between 1000 ms and"
            + " 2592000000 ms",
        assertThrows(ConfigException.class, () -> read("--trainer.max-interval", "0s"))
            .getMessage());
    assertEquals(
        "trainer.min-interval=2d (from flag --trainer.min-interval) is not a duration (e.g. 250ms,"
            + " 30s, 5m, 2h); must be between 0 ms and 86400000 ms",
        assertThrows(ConfigException.class, () -> read("--trainer.min-interval", "2d"))
            .getMessage());
    assertEquals(
        Duration.ofMinutes(5), read("--trainer.max-interval", "5m").trigger().maxInterval());
  }

  @Test
  void theGateIsOfflineByDefaultAndOfflinePlusShadowOnlyWhenAsked() {
    assertEquals(new ShadowPolicy(false, 200, 0.0, Duration.ofHours(24)), read().shadow());
    assertEquals(
        new ShadowPolicy(true, 50, 0.02, Duration.ofHours(2)),
        read(
                "--trainer.gate",
                "offline+shadow",
                "--trainer.shadow.min-judged",
                "50",
                "--trainer.shadow.margin",
                "0.02",
                "--trainer.shadow.timeout",
                "2h")
            .shadow());
    String message =
        assertThrows(ConfigException.class, () -> read("--trainer.gate", "shadow")).getMessage();
    assertTrue(message.startsWith("trainer.gate=shadow"), message);
    assertTrue(message.contains("use offline or offline+shadow"), message);
  }

  @Test
  void theFirstModelStartsFromShippedOrScratchAndNothingElse() {
    assertEquals("scratch", read("--trainer.backbone", "scratch").backbone());
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("--trainer.backbone", "resnet50"));
    assertEquals(
        "trainer.backbone=resnet50 (from flag --trainer.backbone) must be shipped or scratch",
        e.getMessage());
  }

  @Test
  void parsesLossParameters() {
    assertEquals(
        new LossSpec("weighted", Map.of("wp", 1.0, "wn", 0.25)),
        read("--trainer.loss-params", "wp=1,wn=0.25").loss());
  }

  @Test
  void rejectsAnUnknownLossNamingTheSetting() {
    ConfigException e = assertThrows(ConfigException.class, () -> read("--trainer.loss", "magic"));
    assertTrue(
        e.getMessage().startsWith("trainer.loss/trainer.loss-params: unknown loss 'magic'"),
        e.getMessage());
  }

  @Test
  void rejectsAParameterTheLossDoesNotTake() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("--trainer.loss-params", "alpha=2"));
    assertTrue(
        e.getMessage().contains("unknown parameter 'alpha' for loss 'weighted'"), e.getMessage());
  }

  @Test
  void rejectsAMissingVocabularyFile() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> read("--trainer.vocabulary", "/nope/labels.json"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "trainer.vocabulary=/nope/labels.json (from flag --trainer.vocabulary) cannot be"
                    + " used: cannot read vocabulary"),
        e.getMessage());
  }

  @Test
  void rejectsAValidationPercentAboveFifty() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("--trainer.validation-percent", "60"));
    assertEquals(
        "trainer.validation-percent=60 (from flag --trainer.validation-percent) must be between 1 and 50",
        e.getMessage());
  }
}
