package dev.tagstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSettingsTest {
  static final KafkaConfig KAFKA =
      new KafkaConfig("localhost:9092", "", 1, (short) 1, Path.of("target"), 0);

  static IngestConfig read(String... args) {
    return IngestSettings.read(
        KAFKA, Settings.parse(IngestSettings.all(), List.of(args), Map.of()));
  }

  @Test
  void aProduceTimeoutOutsideItsRangeIsRefusedNamingTheKey() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> read("--ingest.produce-timeout", "0s"));
    assertEquals(
        "ingest.produce-timeout=0s (from flag --ingest.produce-timeout) must be between 100 ms and 600000 ms",
        e.getMessage());
  }

  @Test
  void fileRootsAreEmptyByDefaultAndParsedFromACommaList() {
    assertEquals(List.of(), read().fileRoots());
    assertEquals(
        List.of(Path.of("/data/images"), Path.of("/mnt/more")),
        read("--ingest.file-roots", "/data/images, /mnt/more").fileRoots());
  }

  @Test
  void refusesARelativeFileRootNamingIt() {
    assertEquals(
        "ingest.file-roots=images (from flag --ingest.file-roots) holds 'images', which is not an"
            + " absolute directory",
        assertThrows(ConfigException.class, () -> read("--ingest.file-roots", "images"))
            .getMessage());
  }

  @Test
  void theReviewPagesRequireTheTokenOnlyWhenAskedAndOnlyWithOne() {
    assertEquals(false, read("--ingest.token", "t").api().reviewRequiresToken());
    assertEquals(
        true,
        read("--ingest.token", "t", "--ingest.review-require-token").api().reviewRequiresToken());
    assertEquals(
        "ingest.review-require-token=true needs ingest.token (or TAGSTREAM_INGEST_TOKEN)",
        assertThrows(ConfigException.class, () -> read("--ingest.review-require-token", "true"))
            .getMessage());
  }

  @Test
  void theTokenCanComeFromAMountedSecretFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("ingest-token"), "from-the-file\n");
    assertEquals("from-the-file", read("--ingest.token", "file:" + secret).api().token());
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> read("--ingest.token", "file:" + dir.resolve("missing")));
    assertTrue(e.getMessage().startsWith("cannot read the secret file "), e.getMessage());
  }
}
