package dev.tagstream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  static final Setting BATCH = Setting.of("worker.max-batch", "32", "Largest batch.");
  static final Setting WAIT = Setting.of("worker.max-wait", "20ms", "Longest wait.");
  static final Setting TOKEN = Setting.of("token", null, "API token.");
  static final List<Setting> KNOWN = List.of(BATCH, WAIT, TOKEN);

  @Test
  void envNameAndFlagDeriveFromTheKey() {
    assertEquals("TAGSTREAM_WORKER_MAX_BATCH", BATCH.env());
    assertEquals("--worker.max-batch", BATCH.flag());
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "worker.max-batch=8\nworker.max-wait=1s\ntoken=from-file\n");
    Settings s =
        Settings.parse(
            KNOWN,
            List.of("--config", file.toString(), "--worker.max-batch", "64"),
            Map.of("TAGSTREAM_WORKER_MAX_WAIT", "5ms"));
    assertEquals(64, s.integer(BATCH, 1, 1024));
    assertEquals(Duration.ofMillis(5), s.duration(WAIT));
    assertEquals("from-file", s.string(TOKEN));
    Settings d = Settings.parse(KNOWN, List.of(), Map.of());
    assertEquals(32, d.integer(BATCH, 1, 1024));
    assertNull(d.stringOrNull(TOKEN));
    assertFalse(d.isSet(TOKEN));
  }

  @Test
  void aDefaultIsSetButNotGivenWhileFlagsEnvironmentAndFilesAreGiven(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "token=from-file\n");
    Settings s =
        Settings.parse(
            KNOWN,
            List.of("--config", file.toString(), "--worker.max-batch", "64"),
            Map.of("TAGSTREAM_WORKER_MAX_WAIT", "5ms"));
    assertTrue(s.isGiven(BATCH));
    assertTrue(s.isGiven(WAIT));
    assertTrue(s.isGiven(TOKEN));
    Settings d = Settings.parse(KNOWN, List.of(), Map.of());
    assertTrue(d.isSet(BATCH), "the default counts as set");
    assertFalse(d.isGiven(BATCH), "but nobody gave it");
  }

  @Test
  void equalsFormAndPositionalArguments() {
    Settings s =
        Settings.parse(KNOWN, List.of("images", "--worker.max-batch=16", "extra"), Map.of());
    assertEquals(16, s.integer(BATCH, 1, 1024));
    assertEquals(List.of("images", "extra"), s.positional());
  }

  @Test
  void unknownFlagIsNamed() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Settings.parse(KNOWN, List.of("--max-bach", "3"), Map.of()));
    assertEquals(
        "unknown option --max-bach; did you mean --worker.max-batch? (see --help for the options of this"
            + " command)",
        e.getMessage());
  }

  @Test
  void badValueNamesKeyValueAndOrigin() {
    Settings s = Settings.parse(KNOWN, List.of(), Map.of("TAGSTREAM_WORKER_MAX_BATCH", "lots"));
    ConfigException e = assertThrows(ConfigException.class, () -> s.integer(BATCH, 1, 1024));
    assertEquals(
        "worker.max-batch=lots (from environment variable TAGSTREAM_WORKER_MAX_BATCH) is not a whole number"
            + " (must be between 1 and 1024)",
        e.getMessage());
    Settings r = Settings.parse(KNOWN, List.of("--worker.max-batch", "0"), Map.of());
    assertEquals(
        "worker.max-batch=0 (from flag --worker.max-batch) must be between 1 and 1024",
        assertThrows(ConfigException.class, () -> r.integer(BATCH, 1, 1024)).getMessage());
  }

  @Test
  void missingRequiredValueSaysHowToSetIt() {
    Settings s = Settings.parse(KNOWN, List.of(), Map.of());
    assertEquals(
        "--token is required (or set TAGSTREAM_TOKEN): API token.",
        assertThrows(ConfigException.class, () -> s.string(TOKEN)).getMessage());
  }

  @Test
  void unknownKeyInFileAndMissingFileAreErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "wrker.max-batch=8\n");
    assertTrue(
        assertThrows(
                ConfigException.class,
                () -> Settings.parse(KNOWN, List.of("--config", file.toString()), Map.of()))
            .getMessage()
            .startsWith("unknown key 'wrker.max-batch' in config file"));
    assertTrue(
        assertThrows(
                ConfigException.class,
                () ->
                    Settings.parse(
                        KNOWN,
                        List.of(),
                        Map.of("TAGSTREAM_CONFIG", dir.resolve("none").toString())))
            .getMessage()
            .startsWith("cannot read the config file"));
  }

  @Test
  void durationsBooleansAndLists() {
    Setting b = Setting.of("exactly-once", "false", "x");
    Setting l = Setting.of("roots", "/a, /b,,", "x");
    Settings s =
        Settings.parse(
            List.of(b, l, WAIT), List.of("--exactly-once", "--worker.max-wait", "2m"), Map.of());
    assertTrue(s.bool(b));
    assertEquals(Duration.ofMinutes(2), s.duration(WAIT));
    assertEquals(List.of("/a", "/b"), s.list(l));
    Settings bad = Settings.parse(List.of(WAIT), List.of("--worker.max-wait", "soon"), Map.of());
    assertThrows(ConfigException.class, () -> bad.duration(WAIT));
    Settings negative =
        Settings.parse(List.of(WAIT), List.of("--worker.max-wait", "-5s"), Map.of());
    assertEquals(
        "worker.max-wait=-5s (from flag --worker.max-wait) is negative",
        assertThrows(ConfigException.class, () -> negative.duration(WAIT)).getMessage());
    Settings zero = Settings.parse(List.of(WAIT), List.of("--worker.max-wait", "0s"), Map.of());
    assertEquals(Duration.ZERO, zero.duration(WAIT));
    assertEquals(
        "worker.max-wait=0s (from flag --worker.max-wait) must be between 100 ms and 600000 ms",
        assertThrows(
                ConfigException.class,
                () -> zero.duration(WAIT, Duration.ofMillis(100), Duration.ofMinutes(10)))
            .getMessage());
    assertEquals(
        Duration.ofMinutes(2), s.duration(WAIT, Duration.ofMillis(100), Duration.ofMinutes(10)));
  }

  @Test
  void topicPrefixIsValidated() {
    assertThrows(
        ConfigException.class,
        () -> new KafkaConfig(null, "bad prefix/", 1, (short) 1, Path.of("."), 0));
  }
}
