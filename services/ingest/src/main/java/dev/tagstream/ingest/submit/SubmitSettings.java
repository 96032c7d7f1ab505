package dev.tagstream.ingest.submit;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Options of {@code tagstream submit}, parsed once into a record. */
record SubmitSettings(
    Path manifest,
    Path dir,
    boolean recursive,
    URI url,
    String token,
    int batch,
    String source,
    String idPrefix,
    int retries) {

  static final Setting MANIFEST =
      Setting.of(
          "manifest",
          null,
          "JSON Lines manifest to submit ({\"id\",\"uri\",\"labels\",\"negatives\"} per line).");
  static final Setting DIR =
      Setting.of(
          "dir", null, "Directory of images to submit; ids derive from each file's relative path.");
  static final Setting RECURSIVE =
      Setting.of("recursive", "false", "With --dir: include subdirectories.");
  static final Setting URL =
      Setting.of("url", "http://localhost:8080", "Base URL of the ingest API.");
  static final Setting TOKEN =
      Setting.of("token", null, "Bearer token of the ingest API, when it requires one.");
  static final Setting BATCH =
      Setting.of(
          "batch",
          "500",
          "Items per request (halved automatically if the server finds a batch too large).");
  static final Setting SOURCE =
      Setting.of("source", "submit", "The 'source' recorded with items that do not name one.");
  static final Setting ID_PREFIX =
      Setting.of(
          "id-prefix", "", "With --dir: prefix put in front of every derived id, e.g. 'holiday:'.");
  static final Setting RETRIES =
      Setting.of(
          "retries", "3", "How often items Kafka did not store (or lost requests) are sent again.");

  static List<Setting> all() {
    return List.of(MANIFEST, DIR, RECURSIVE, URL, TOKEN, BATCH, SOURCE, ID_PREFIX, RETRIES);
  }

  Duration backoff() {
    return Duration.ofMillis(200);
  }

  static SubmitSettings read(Settings s) {
    boolean hasManifest = s.isSet(MANIFEST);
    if (hasManifest == s.isSet(DIR)) {
      throw new ConfigException("give exactly one of --manifest FILE.jsonl or --dir DIR");
    }
    if (!s.positional().isEmpty()) {
      throw new ConfigException("unexpected argument(s) " + s.positional() + "; see --help");
    }
    URI url;
    try {
      url = URI.create(s.string(URL));
    } catch (IllegalArgumentException e) {
      throw s.invalid(URL, "is not a URL: " + e.getMessage());
    }
    if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
      throw s.invalid(URL, "must be an http(s) URL such as http://localhost:8080");
    }
    return new SubmitSettings(
        hasManifest ? s.path(MANIFEST) : null,
        hasManifest ? null : s.path(DIR),
        s.bool(RECURSIVE),
        url,
        s.stringOrNull(TOKEN),
        s.integer(BATCH, 1, 100_000),
        s.string(SOURCE),
        s.string(ID_PREFIX),
        s.integer(RETRIES, 0, 20));
  }
}
