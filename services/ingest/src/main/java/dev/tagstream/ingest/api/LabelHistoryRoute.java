package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.core.quality.Tally;
import dev.tagstream.ingest.review.ArtifactFacts;
import dev.tagstream.ingest.review.LabelFigures;
import dev.tagstream.ingest.review.LabelStatistics;
import dev.tagstream.ingest.review.ModelArtifacts;
import dev.tagstream.model.artifact.LabelReport;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.metrics.ObservedCounts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /v1/labels}: the labels of the active vocabulary that starve most, fewest observed
 * positives first, with the histogram of all; {@code GET /v1/labels/{name}}: one label's history,
 * where an ML engineer sees whether it starves for positives. Its place in the vocabulary; its
 * observed positives and negatives in the training set now; per announced version (newest first)
 * whether the version had it, its threshold, and from the version's label report its training and
 * validation positives and validation AP; and its online precision and recall per model version
 * ({@link LabelFigures}). A name no vocabulary, no version and no evidence knows is a 404.
 */
final class LabelHistoryRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/labels/";
  static final int MAX_LIMIT = 500;

  private final Supplier<Vocabulary> base;
  private final AddedLabels added;
  private final ModelArtifacts artifacts;
  private final LabelStatistics statistics;

  LabelHistoryRoute(
      Supplier<Vocabulary> base,
      AddedLabels added,
      ModelArtifacts artifacts,
      LabelStatistics statistics) {
    this.base = base;
    this.added = added;
    this.artifacts = artifacts;
    this.statistics = statistics;
  }

  @Override
  public Reply handle(HttpExchange ex) {
    ApiException.requireGet(ex.getRequestMethod());
    String raw = ex.getRequestURI().getRawPath();
    String encoded = raw.length() > PATH.length() ? raw.substring(PATH.length()) : "";
    // '+' is a plus in a path, not a space; a label name may hold '/', sent as %2F
    String name = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    Optional<String> problem = LabelRule.syntaxProblem(name);
    if (problem.isPresent()) {
      throw new ApiException(400, "invalid-label", problem.get());
    }
    Vocabulary vocabulary = base.get();
    Optional<VocabularyEntry> entry = added.entry(name); // Unavailable: JsonEndpoint answers 503
    LabelStatistics.Snapshot snapshot = statistics.current();
    LabelFigures.Figures figures = snapshot.figures().of(name);

    ObjectNode o = JsonNodeFactory.instance.objectNode().put("label", name);
    ObjectNode v = o.putObject("vocabulary");
    boolean inBase = vocabulary != null && vocabulary.contains(name);
    v.put("inBase", inBase);
    if (inBase) {
      vocabulary.defs().get(vocabulary.indexOf(name)).parents().forEach(v.putArray("parents")::add);
    }
    entry.ifPresent(
        e -> {
          ObjectNode a = v.putObject("added");
          a.put("addedBy", e.getAddedBy()).put("addedAt", e.getAddedAt().toString());
          a.put("deprecated", e.getDeprecated());
          e.getParents().forEach(a.putArray("parents")::add);
        });

    o.putObject("observed")
        .put("positives", figures.positives())
        .put("negatives", figures.negatives())
        .put("bin", bin(figures.positives()))
        .put("images", snapshot.figures().images());

    boolean inAnyVersion = false;
    ArrayNode versions = o.putArray("versions");
    for (ModelRelease r : artifacts.releases().newestFirst()) {
      inAnyVersion |= version(versions.addObject(), r, name);
    }

    ArrayNode online = o.putArray("online");
    for (Map.Entry<String, Tally> e : figures.online().entrySet()) {
      Tally t = e.getValue();
      ObjectNode j =
          online
              .addObject()
              .put("modelVersion", e.getKey())
              .put("tp", t.truePositives())
              .put("fp", t.falsePositives())
              .put("fn", t.falseNegatives())
              .put("tn", t.trueNegatives());
      number(j, "precision", t.precision());
      number(j, "recall", t.recall());
    }
    o.put("computedAt", snapshot.computedAt().toString());

    boolean evidence = figures.positives() + figures.negatives() > 0 || !figures.online().isEmpty();
    if (!inBase && entry.isEmpty() && !inAnyVersion && !evidence) {
      throw new ApiException(
          404,
          "unknown-label",
          "no label "
              + Texts.quote(name)
              + " in the vocabulary, in any announced model version, or in any confirmation");
    }
    return Reply.of(200, o);
  }

  /**
   * {@code GET /v1/labels?limit=N}: the active label set (the base vocabulary grown by the added,
   * not deprecated labels) by observed positives, fewest first, then by name; each with the current
   * version's AP and threshold when it has the label.
   */
  Reply list(HttpExchange ex) {
    ApiException.requireGet(ex.getRequestMethod());
    int limit = new QueryParams(ex).integer("limit", 20, 1, MAX_LIMIT);
    // Unavailable (the view restoring): JsonEndpoint answers 503
    Vocabulary active = VocabularyItems.activeWithAdded(base.get(), added.entries()).orElse(null);
    List<String> names = active == null ? List.of() : active.names();
    LabelStatistics.Snapshot snapshot = statistics.current();
    LabelFigures figures = snapshot.figures();
    Map<String, LabelFigures.Figures> byName = new HashMap<>();
    names.forEach(n -> byName.put(n, figures.of(n))); // once: bins, order and rows all read them
    Map<String, Integer> bins = new LinkedHashMap<>();
    for (String b : ObservedCounts.BINS) {
      bins.put(b, 0);
    }
    byName.values().forEach(f -> bins.merge(bin(f.positives()), 1, Integer::sum));
    Optional<ArtifactFacts> current =
        artifacts.releases().current().map(artifacts::facts).filter(ArtifactFacts::readable);

    ObjectNode o = JsonNodeFactory.instance.objectNode().put("total", names.size());
    o.put("images", figures.images());
    ObjectNode b = o.putObject("bins");
    bins.forEach(b::put);
    current.ifPresent(f -> o.put("currentVersion", f.model().path("version").asText()));
    ArrayNode labels = o.putArray("labels");
    names.stream()
        .sorted(
            Comparator.comparingLong((String n) -> byName.get(n).positives())
                .thenComparing(Comparator.naturalOrder()))
        .limit(limit)
        .forEach(
            n -> {
              LabelFigures.Figures f = byName.get(n);
              ObjectNode j =
                  labels
                      .addObject()
                      .put("name", n)
                      .put("positives", f.positives())
                      .put("negatives", f.negatives())
                      .put("bin", bin(f.positives()))
                      .put("history", PATH + Texts.pathSegment(n));
              current
                  .flatMap(c -> InVersion.of(c, n))
                  .ifPresent(
                      v -> {
                        number(j, "threshold", v.threshold());
                        v.report().ifPresent(e -> number(j, "ap", ap(e)));
                      });
            });
    o.put("computedAt", snapshot.computedAt().toString());
    return Reply.of(200, o);
  }

  /** A label in one readable version: its threshold, and its label-report entry if it has one. */
  private record InVersion(double threshold, Optional<LabelReport.Entry> report) {
    /** Empty when the version's label set does not have the label (e.g. added after it). */
    static Optional<InVersion> of(ArtifactFacts f, String name) {
      int i = f.thresholds().indexOf(name);
      if (i < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new InVersion(
              f.thresholds().threshold(i),
              f.labels() == null ? Optional.empty() : f.labels().entry(name)));
    }
  }

  /** The entry's validation AP, NaN (null in JSON) without a validation positive. */
  private static double ap(LabelReport.Entry e) {
    return e.ap() == null ? Double.NaN : e.ap();
  }

  private static String bin(long positives) {
    return ObservedCounts.bin((int) Math.min(Integer.MAX_VALUE, positives));
  }

  /** One version's row; true when the version's label set has the label. */
  private boolean version(ObjectNode j, ModelRelease r, String name) {
    ArtifactFacts f = artifacts.facts(r);
    j.put("name", r.getName())
        .put("version", r.getVersion())
        .put("status", r.getStatus().name().toLowerCase(Locale.ROOT))
        .put("current", artifacts.releases().isCurrent(r))
        .put("announcedAt", r.getAnnouncedAt().toString());
    if (!f.readable()) {
      j.put("readable", false).put("problem", f.problem());
      return false;
    }
    Optional<InVersion> in = InVersion.of(f, name);
    j.put("readable", true).put("inLabelSet", in.isPresent());
    if (in.isEmpty()) {
      return false;
    }
    number(j, "threshold", in.get().threshold());
    j.put("labelReport", f.labels() != null);
    in.get()
        .report()
        .ifPresent(
            x -> {
              j.put("trainPositives", x.trainPositives())
                  .put("trainNegatives", x.trainNegatives())
                  .put("validationPositives", x.validationPositives());
              number(j, "ap", ap(x));
            });
    return true;
  }

  /** JSON has no NaN: a rate without a denominator is null. */
  private static void number(ObjectNode j, String field, double value) {
    if (Double.isNaN(value)) {
      j.putNull(field);
    } else {
      j.put(field, value);
    }
  }
}
