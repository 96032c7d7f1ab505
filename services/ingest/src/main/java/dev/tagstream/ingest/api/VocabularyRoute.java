package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.ingest.review.LabelSearch;
import dev.tagstream.ingest.review.ModelArtifacts;
import dev.tagstream.model.labels.LabelDef;
import dev.tagstream.model.labels.Vocabulary;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/vocabulary?prefix=ca&limit=10}: label names for type-ahead, from {@code
 * ingest.vocabulary} when set (the names {@code /v1/labels} accepts), else from the current model's
 * labels.json.
 */
final class VocabularyRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/vocabulary";
  static final int MAX_LIMIT = 50;

  private final Vocabulary configured;
  private final ModelArtifacts artifacts;

  /** {@code configured} may be null. */
  VocabularyRoute(Vocabulary configured, ModelArtifacts artifacts) {
    this.configured = configured;
    this.artifacts = artifacts;
  }

  @Override
  public Reply handle(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    ApiException.requireExactPath(path, PATH);
    ApiException.requireGet(ex.getRequestMethod());
    QueryParams q = new QueryParams(ex);
    int limit = q.integer("limit", 10, 1, MAX_LIMIT);
    String prefix = q.text("prefix", "");
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    Vocabulary vocabulary = configured;
    if (vocabulary != null) {
      o.put("source", "ingest.vocabulary");
    } else {
      Optional<ModelRelease> current = artifacts.releases().current();
      vocabulary =
          current.flatMap(r -> Optional.ofNullable(artifacts.facts(r).vocabulary())).orElse(null);
      o.put(
          "source",
          vocabulary == null
              ? "none"
              : "model " + current.get().getName() + " " + current.get().getVersion());
    }
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
