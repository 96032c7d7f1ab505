package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.ingest.review.LabelSearch;
import dev.tagstream.ingest.review.ModelArtifacts;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/vocabulary?prefix=ca&limit=10}: label names for type-ahead, from {@code
 * ingest.vocabulary} when set (the names {@code /v1/labels} accepts), else from the current model's
 * labels.json, grown by the labels added on the vocabulary topic (deprecated ones left out). {@code
 * POST /v1/vocabulary}: adds or deprecates labels ({@link VocabularyItems}).
 */
final class VocabularyRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/vocabulary";
  static final int MAX_LIMIT = 50;

  private final Vocabulary configured;
  private final ModelArtifacts artifacts;
  private final AddedLabels added;
  private final BatchIngest<VocabularyEntry> changes;
  private final int maxBodyBytes;

  /** {@code configured} may be null. */
  VocabularyRoute(
      Vocabulary configured,
      ModelArtifacts artifacts,
      AddedLabels added,
      BatchIngest<VocabularyEntry> changes,
      int maxBodyBytes) {
    this.configured = configured;
    this.artifacts = artifacts;
    this.added = added;
    this.changes = changes;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The base vocabulary new labels join: the configured one, else the current model's; or null. */
  Vocabulary base() {
    return base(configured, artifacts);
  }

  static Vocabulary base(Vocabulary configured, ModelArtifacts artifacts) {
    if (configured != null) {
      return configured;
    }
    return artifacts
        .releases()
        .current()
        .flatMap(r -> Optional.ofNullable(artifacts.facts(r).vocabulary()))
        .orElse(null);
  }

  @Override
  public Reply handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    ApiException.requireExactPath(path, PATH);
    if (ex.getRequestMethod().equals("POST")) {
      // Unavailable (the view restoring): JsonEndpoint answers 503
      return changes.handle(ex, maxBodyBytes);
    }
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      throw ApiException.methodNotAllowed(ex.getRequestMethod(), "GET, POST");
    }
    QueryParams q = new QueryParams(ex);
    int limit = q.integer("limit", 10, 1, MAX_LIMIT);
    String prefix = q.text("prefix", "");
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    String source;
    if (configured != null) {
      source = "ingest.vocabulary";
    } else {
      Optional<ModelRelease> current = artifacts.releases().current();
      source =
          base() == null
              ? "none"
              : "model " + current.get().getName() + " " + current.get().getVersion();
    }
    List<VocabularyEntry> entries = added.entries(); // Unavailable: JsonEndpoint answers 503
    if (!entries.isEmpty()) {
      source += " + " + entries.size() + " added";
    }
    o.put("source", source);
    Vocabulary vocabulary = VocabularyItems.activeWithAdded(base(), entries).orElse(null);
    List<LabelDef> defs = vocabulary == null ? List.of() : vocabulary.defs();
    o.put("total", defs.size());
    ArrayNode labels = o.putArray("labels");
    for (LabelDef d : LabelSearch.search(defs, prefix, limit)) {
      ObjectNode l = labels.addObject().put("name", d.name());
      d.parents().forEach(l.putArray("parents")::add);
    }
    return Reply.of(200, o);
  }
}
