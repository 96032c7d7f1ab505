package dev.tagstream.ingest;

import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.HttpSettings;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.ingest.api.ApiConfig;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The ingest service's settings and their parsing into {@link IngestConfig}. */
final class IngestSettings {
  static final Setting PORT = HttpSettings.port("ingest", 8080);
  static final Setting TOKEN =
      Setting.of(
          "ingest.token",
          null,
          "Bearer token required on /v1/* (Authorization: Bearer <token>); file:PATH reads it from that file."
              + " Unset: the API is open.");
  static final Setting REVIEW_REQUIRE_TOKEN =
      Setting.of(
          "ingest.review-require-token",
          "false",
          "true: the review pages under /review/ need ingest.token too (a browser asks for it: any user name, the token "
              + "as password). /v1/review/* needs it whenever ingest.token is set.");
  static final Setting MAX_BODY_BYTES =
      Setting.of(
          "ingest.max-body-bytes",
          "4194304",
          "Largest request body accepted, in bytes; larger bodies get 413 without being read.");
  static final Setting MAX_BATCH =
      Setting.of(
          "ingest.max-batch", "1000", "Most items accepted in one POST; larger batches get 413.");
  static final Setting URI_SCHEMES =
      Setting.of(
          "ingest.uri-schemes",
          "file,http,https",
          "URI schemes accepted for image references (comma-separated).");
  static final Setting VOCABULARY =
      Setting.of(
          "ingest.vocabulary",
          null,
          "labels.json whose names submitted labels must use. Unset: label names are checked for syntax only.");
  static final Setting PRODUCE_TIMEOUT =
      Setting.of(
          "ingest.produce-timeout",
          "30s",
          "How long a request waits for Kafka to acknowledge its records before answering 503 for the rest.");
  static final Setting VIEW_APPLICATION_ID =
      Setting.of(
          "ingest.view-application-id",
          "ingest-view",
          "Kafka Streams application id of the lookup view (prefixed with the topic prefix).");
  static final Setting FILE_ROOTS =
      Setting.of(
          "ingest.file-roots",
          "",
          "Comma-separated directories whose file: images the review page may show (as worker.file-roots); "
              + "empty shows none. http(s) images are loaded by the browser, never by the server.");
  static final Setting VIEW_STATE_DIR =
      Setting.of(
          "ingest.view-state-dir",
          null,
          "Directory of the lookup view's local stores. Unset: <data-dir>/ingest-view.");

  private IngestSettings() {}

  static List<Setting> all() {
    List<Setting> all =
        new ArrayList<>(
            List.of(
                PORT,
                TOKEN,
                REVIEW_REQUIRE_TOKEN,
                MAX_BODY_BYTES,
                MAX_BATCH,
                URI_SCHEMES,
                VOCABULARY,
                PRODUCE_TIMEOUT,
                VIEW_APPLICATION_ID,
                VIEW_STATE_DIR,
                FILE_ROOTS));
    all.addAll(HttpSettings.all());
    return List.copyOf(all);
  }

  static IngestConfig read(KafkaConfig kafka, Settings s) {
    String token = s.secretOrNull(TOKEN);
    if (token != null && token.isBlank()) {
      throw new ConfigException(
          TOKEN.flag() + " is blank; unset it for an open API or give a real token");
    }
    boolean reviewRequiresToken = s.bool(REVIEW_REQUIRE_TOKEN);
    if (reviewRequiresToken && token == null) {
      throw new ConfigException(
          REVIEW_REQUIRE_TOKEN.key() + "=true needs " + TOKEN.key() + " (or " + TOKEN.env() + ")");
    }
    Set<String> schemes = new LinkedHashSet<>();
    for (String scheme : s.list(URI_SCHEMES)) {
      if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        throw s.invalid(URI_SCHEMES, "holds '" + scheme + "', which is not a URI scheme");
      }
      schemes.add(scheme.toLowerCase(Locale.ROOT));
    }
    if (schemes.isEmpty()) {
      throw s.invalid(URI_SCHEMES, "is empty: no image could ever be accepted");
    }
    Vocabulary vocabulary = null;
    if (s.stringOrNull(VOCABULARY) != null) {
      Path p = s.path(VOCABULARY);
      try {
        vocabulary = Vocabulary.load(p);
      } catch (VocabularyException e) {
        throw s.invalid(VOCABULARY, "cannot be used: " + e.getMessage());
      }
    }
    ApiConfig api =
        new ApiConfig(
            token,
            reviewRequiresToken,
            s.integer(MAX_BODY_BYTES, 1024, 256 * 1024 * 1024),
            s.integer(MAX_BATCH, 1, 100_000),
            schemes,
            vocabulary,
            s.duration(
                PRODUCE_TIMEOUT,
                Duration.ofMillis(100),
                Duration.ofMinutes(10))); // 0 would answer 503 to everything
    Path stateDir =
        s.stringOrNull(VIEW_STATE_DIR) != null
            ? s.path(VIEW_STATE_DIR)
            : kafka.dataDir().resolve("ingest-view");
    return new IngestConfig(
        HttpSettings.read(s, PORT),
        api,
        kafka.topicPrefix() + s.string(VIEW_APPLICATION_ID),
        stateDir,
        fileRoots(s));
  }

  private static List<Path> fileRoots(Settings s) {
    List<Path> roots = new java.util.ArrayList<>();
    for (String r : s.list(FILE_ROOTS)) {
      Path p = Path.of(r);
      if (!p.isAbsolute()) {
        throw s.invalid(FILE_ROOTS, "holds '" + r + "', which is not an absolute directory");
      }
      roots.add(p);
    }
    return roots;
  }
}
