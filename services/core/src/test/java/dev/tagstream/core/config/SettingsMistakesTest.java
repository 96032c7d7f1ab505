package dev.tagstream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser's refusals: each names the key, the value, where it came from and what is valid. */
class SettingsMistakesTest {
  static final Setting BATCH = Setting.of("worker.max-batch", "32", "Largest batch.");
  static final Setting FOLLOW = Setting.of("follow", "false", "Keep waiting.");
  static final Setting PARAM = Setting.repeatable("loss-param", "k=v, repeatable.");
  static final Setting MODE = Setting.of("mode", "fast", "fast or slow.");
  static final List<Setting> KNOWN = List.of(BATCH, FOLLOW, PARAM, MODE);

  private static ConfigException refused(List<String> args) {
    return assertThrows(ConfigException.class, () -> Settings.parse(KNOWN, args, Map.of()));
  }

  @Test
  void aBareNonSwitchIsAnErrorNotTrue() {
    assertEquals(
        "worker.max-batch (from flag --worker.max-batch) has no value: give --worker.max-batch VALUE; only"
            + " true/false switches may stand alone",
        refused(List.of("--worker.max-batch")).getMessage());
    assertEquals(
        "worker.max-batch (from flag --worker.max-batch) has no value: give --worker.max-batch VALUE; only"
            + " true/false switches may stand alone",
        refused(List.of("--worker.max-batch", "--follow")).getMessage());
  }

  @Test
  void aSwitchStandsAloneOrTakesATrueFalseWord() {
    Settings s = Settings.parse(KNOWN, List.of("--follow", "images"), Map.of());
    assertTrue(s.bool(FOLLOW));
    assertEquals(List.of("images"), s.positional());
    assertFalse(
        Settings.parse(KNOWN, List.of("--follow", "false", "images"), Map.of()).bool(FOLLOW));
  }

  @Test
  void aRepeatableOptionCollectsEveryValue() {
    Settings s =
        Settings.parse(KNOWN, List.of("--loss-param", "a=1", "--loss-param", "b=2"), Map.of());
    assertEquals(List.of("a=1", "b=2"), s.list(PARAM));
  }

  @Test
  void unknownNamesSuggestTheNearestKnownOne(@TempDir Path dir) throws Exception {
    assertEquals(
        "unknown option --folow; did you mean --follow? (see --help for the options of this command)",
        refused(List.of("--folow")).getMessage());
    assertEquals(
        "unknown option --zzz (see --help for the options of this command)",
        refused(List.of("--zzz", "1")).getMessage());
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "worker.max-bach=8\n");
    assertEquals(
        "unknown key 'worker.max-bach' in config file "
            + file
            + "; did you mean worker.max-batch? (see --help)",
        refused(List.of("--config", file.toString())).getMessage());
  }

  @Test
  void anUnknownTagstreamVariableIsRefusedWithTheNearestName() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Settings.checkEnvironment(
                    KNOWN,
                    List.of("TAGSTREAM_JAVA_OPTS"),
                    Map.of("TAGSTREAM_WORKER_MAX_BACH", "8", "TAGSTREAM_JAVA_OPTS", "-Xmx1g")));
    assertEquals(
        "unknown environment variable TAGSTREAM_WORKER_MAX_BACH=8; did you mean TAGSTREAM_WORKER_MAX_BATCH?"
            + " (no tagstream command reads it; see tagstream config)",
        e.getMessage());
    ConfigException secret =
        assertThrows(
            ConfigException.class,
            () ->
                Settings.checkEnvironment(
                    List.of(Setting.of("ingest.token", null, "API token.")),
                    List.of(),
                    Map.of("TAGSTREAM_INGEST_TOKN", "s3cret")));
    assertFalse(secret.getMessage().contains("s3cret"), secret.getMessage());
    assertEquals(
        "unknown environment variable TAGSTREAM_INGEST_TOKN="
            + ClientProperties.MASK
            + "; did you mean"
            + " TAGSTREAM_INGEST_TOKEN? (no tagstream command reads it; see tagstream config)",
        secret.getMessage());
    // known settings, process settings, the launcher's variable, Kafka pass-through and other
    // programs' variables pass
    Settings.checkEnvironment(
        KNOWN,
        List.of("TAGSTREAM_JAVA_OPTS"),
        Map.of(
            "TAGSTREAM_WORKER_MAX_BATCH",
            "8",
            "TAGSTREAM_LOG_LEVEL",
            "debug",
            "TAGSTREAM_JAVA_OPTS",
            "-Xmx1g",
            "TAGSTREAM_KAFKA_SECURITY_PROTOCOL",
            "SSL",
            "TAGSTREAM_CONFIG",
            "x",
            "HOME",
            "/root"));
  }

  @Test
  void aParsedValueNamesItsOriginAndTheParsersReason() {
    Settings s = Settings.parse(KNOWN, List.of(), Map.of("TAGSTREAM_MODE", "medium"));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                s.parsed(
                    MODE,
                    v -> {
                      if (!v.equals("fast") && !v.equals("slow")) {
                        throw new IllegalArgumentException("use fast or slow");
                      }
                      return v;
                    }));
    assertEquals(
        "mode=medium (from environment variable TAGSTREAM_MODE) is refused: use fast or slow",
        e.getMessage());
  }

  @Test
  void pathsThatMustExistOrMustNot(@TempDir Path dir) {
    Setting in = Setting.of("in", null, "Input.");
    Setting out = Setting.of("out", null, "Output.");
    Settings s =
        Settings.parse(
            List.of(in, out),
            List.of("--in", dir.resolve("none").toString(), "--out", dir.toString()),
            Map.of());
    assertEquals(
        "in="
            + dir.resolve("none")
            + " (from flag --in) does not exist (give an existing file or directory)",
        assertThrows(ConfigException.class, () -> s.existingPath(in)).getMessage());
    assertEquals(
        "out="
            + dir
            + " (from flag --out) already exists; it is never overwritten (give a path that does not"
            + " exist)",
        assertThrows(ConfigException.class, () -> s.newPath(out)).getMessage());
  }

  @Test
  void aListOfNumbersNamesTheBadItem() {
    Setting sizes = Setting.of("batch-sizes", "1,8", "Batch sizes.");
    Settings s = Settings.parse(List.of(sizes), List.of("--batch-sizes", "1,x"), Map.of());
    assertEquals(
        "batch-sizes=1,x (from flag --batch-sizes) has 'x', not a whole number between 1 and 4096",
        assertThrows(ConfigException.class, () -> s.integers(sizes, 1, 4096)).getMessage());
  }
}
