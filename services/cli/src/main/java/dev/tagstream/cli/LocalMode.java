package dev.tagstream.cli;

import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.StarterModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What {@code tagstream up} fills in when it runs as a local tool, as {@code kafka-server-start} or
 * a local Redpanda does: file images are read under the directory it runs in, one {@code
 * --vocabulary} feeds ingest, feedback and the trainer, and with no vocabulary at all it serves the
 * starter model and its vocabulary, so an empty directory gets useful tags at once. A key the user
 * set (flag, environment or file) is never replaced. The separate service commands keep no such
 * defaults: a deployment says what it reads.
 */
final class LocalMode {
  static final Setting VOCABULARY =
      Setting.of(
          "vocabulary",
          null,
          "Vocabulary (labels.json) for ingest, feedback and the trainer; a service's own key overrides it. Unset, and "
              + "without <data-dir>/labels.json: the starter model's EmojiScenes vocabulary, and the worker serves the"
              + " starter model until the trainer promotes one.");
  static final Setting FILE_ROOTS =
      Setting.of(
          "file-roots",
          null,
          "Where file: images may be read (worker, trainer, review pages) unless a service's own key says. "
              + "Unset: the directory up runs in.");
  private static final List<String> VOCABULARY_KEYS =
      List.of("ingest.vocabulary", "feedback.vocabulary", "trainer.vocabulary");
  private static final List<String> FILE_ROOT_KEYS =
      List.of("worker.file-roots", "trainer.file-roots", "ingest.file-roots");

  /** The flags to add to {@code args}, and what they mean in words for the start-up line. */
  record Defaults(List<String> flags, String summary) {}

  /**
   * What local mode takes from the starter model: its vocabulary file, its directory, its version
   * and size.
   */
  record Starter(Path labels, Path dir, String version, int labelCount) {
    /** The starter model itself, unpacked and verified (seconds the first time). */
    static Starter load() {
      ModelArtifact a = StarterModel.load();
      return new Starter(
          a.file(ModelArtifact.LABELS), a.dir(), a.info().version(), a.vocabulary().size());
    }

    /**
     * Only the starter's vocabulary, in a temporary file: enough to check the whole configuration
     * before the starter is unpacked, so that a mistake is reported at once (the worker's model
     * path is not read then).
     */
    static Starter forChecking() {
      try {
        Path labels = Files.createTempFile("tagstream-starter-labels", ".json");
        labels.toFile().deleteOnExit();
        StarterModel.copyLabels(labels);
        return new Starter(labels, labels.getParent(), "starter", 0);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private LocalMode() {}

  static List<Setting> all() {
    return List.of(VOCABULARY, FILE_ROOTS);
  }

  static Defaults of(
      Collection<Setting> known,
      Settings s,
      Path dataDir,
      Path workingDir,
      java.util.function.Supplier<Starter> starterModel) {
    List<String> flags = new ArrayList<>();
    List<String> said = new ArrayList<>();
    String roots =
        s.isGiven(FILE_ROOTS)
            ? s.string(FILE_ROOTS)
            : workingDir.toAbsolutePath().normalize().toString();
    addUnset(known, s, FILE_ROOT_KEYS, roots, flags);
    said.add("file: images under " + roots);

    boolean anyVocabulary =
        s.isGiven(VOCABULARY)
            || VOCABULARY_KEYS.stream().anyMatch(k -> isGiven(known, s, k))
            || Files.exists(dataDir.resolve("labels.json"));
    if (s.isGiven(VOCABULARY)) {
      addUnset(known, s, VOCABULARY_KEYS, s.path(VOCABULARY).toString(), flags);
      said.add("vocabulary " + s.path(VOCABULARY));
    } else if (!anyVocabulary) {
      Starter starter = starterModel.get();
      addUnset(known, s, VOCABULARY_KEYS, starter.labels().toString(), flags);
      said.add(
          String.format(
              Locale.ROOT,
              "the starter vocabulary (%,d EmojiScenes labels)",
              starter.labelCount()));
      if (!isGiven(known, s, "worker.model")) {
        flags.addAll(List.of("--worker.model", starter.dir().toString()));
        said.add(
            "serving the starter model " + starter.version() + " until the trainer promotes one");
      }
    }
    return new Defaults(flags, String.join("; ", said));
  }

  private static void addUnset(
      Collection<Setting> known, Settings s, List<String> keys, String value, List<String> flags) {
    for (String k : keys) {
      if (known.stream().anyMatch(x -> x.key().equals(k)) && !isGiven(known, s, k)) {
        flags.addAll(List.of("--" + k, value));
      }
    }
  }

  private static boolean isGiven(Collection<Setting> known, Settings s, String key) {
    return known.stream().filter(x -> x.key().equals(key)).anyMatch(s::isGiven);
  }
}
