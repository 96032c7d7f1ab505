package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.ingest.review.ArtifactFacts;
import dev.tagstream.ingest.review.CandidateComparison;
import dev.tagstream.ingest.review.ModelArtifacts;
import dev.tagstream.ingest.review.ReleaseList;
import dev.tagstream.ingest.review.ReleaseReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/review/models}: every announced version, last announced first, with its status,
 * whether it is current, its gate metrics and what its artifact says, and the newest shadowed
 * candidate against the current model ({@code comparison}, null when none); {@code GET
 * /v1/review/models/{name}/{version}/report}: the version's evaluation page (the artifact's own
 * report.html when it has one, else a summary of model.json).
 */
final class ModelsRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/review/models";
  // a report is shown inside a sandboxed frame; opened directly it must not run anything either
  private static final Map<String, String> REPORT_HEADERS =
      Map.of(
          "Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
          "X-Content-Type-Options", "nosniff",
          "Cache-Control", "no-cache");

  private final ModelArtifacts artifacts;

  ModelsRoute(ModelArtifacts artifacts) {
    this.artifacts = artifacts;
  }

  @Override
  public Reply handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    ApiException.requireGet(ex.getRequestMethod());
    if (ApiException.isPath(path, PATH)) {
      return list();
    }
    String[] parts = path.substring(PATH.length()).split("/", -1); // "", name, version, "report"
    if (parts.length != 4
        || !parts[0].isEmpty()
        || !parts[3].equals("report")
        || parts[1].isEmpty()
        || parts[2].isEmpty()) {
      throw ApiException.notFound(path);
    }
    ModelRelease r =
        artifacts
            .releases()
            .find(parts[1], parts[2])
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "unknown-version",
                        "no release of model "
                            + Texts.quote(parts[1])
                            + " version "
                            + Texts.quote(parts[2])
                            + " has been announced on models"));
    return report(r);
  }

  private Reply list() {
    ReleaseList releases = artifacts.releases();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode list = o.putArray("releases");
    for (ModelRelease r : releases.newestFirst()) {
      ObjectNode j =
          list.addObject()
              .put("name", r.getName())
              .put("version", r.getVersion())
              .put("parent", r.getParent())
              .put("status", r.getStatus().name().toLowerCase(Locale.ROOT))
              .put("current", releases.isCurrent(r))
              .put("reason", r.getReason())
              .put("announcedAt", r.getAnnouncedAt().toString())
              .put("labelSetHash", r.getLabelSetHash())
              .put("artifactUri", r.getArtifactUri())
              .put("report", reportPath(r));
      ObjectNode metrics = j.putObject("metrics");
      new java.util.TreeMap<>(r.getMetrics()).forEach(metrics::put);
      j.set("artifact", artifact(artifacts.facts(r)));
    }
    o.set(
        "comparison",
        CandidateComparison.of(releases)
            .<JsonNode>map(ModelsRoute::comparison)
            .orElse(JsonNodeFactory.instance.nullNode()));
    return Reply.of(200, o);
  }

  private static ObjectNode comparison(CandidateComparison c) {
    ObjectNode o =
        JsonNodeFactory.instance
            .objectNode()
            .put("name", c.name())
            .put("candidate", c.candidate())
            .put("status", c.status())
            .put("current", c.current())
            .put("judged", c.judged());
    ArrayNode rows = o.putArray("rows");
    for (CandidateComparison.Row r : c.rows()) {
      rows.addObject()
          .put("metric", r.metric())
          .put("candidate", r.candidate())
          .put("current", r.current());
    }
    return o;
  }

  private static ObjectNode artifact(ArtifactFacts f) {
    ObjectNode a = JsonNodeFactory.instance.objectNode().put("readable", f.readable());
    if (!f.readable()) {
      return a.put("problem", f.problem());
    }
    a.put("created", f.model().path("created").asText(null));
    a.put("labels", f.thresholds().size()).put("fallbackThresholds", f.thresholds().doubtful());
    JsonNode metrics = f.model().path("metrics");
    a.set("metrics", metrics.isObject() ? metrics : JsonNodeFactory.instance.objectNode());
    return a;
  }

  private Reply report(ModelRelease r) throws IOException {
    ArtifactFacts facts = artifacts.facts(r);
    byte[] html;
    Path own = facts.dir() == null ? null : facts.dir().resolve(ReleaseReport.ARTIFACT_REPORT);
    if (own != null && Files.isRegularFile(own)) {
      html = Files.readAllBytes(own);
    } else {
      html =
          ReleaseReport.render(r, artifacts.releases().isCurrent(r), facts)
              .getBytes(StandardCharsets.UTF_8);
    }
    return Reply.content("text/html; charset=utf-8", html, REPORT_HEADERS);
  }

  static String reportPath(ModelRelease r) {
    return PATH
        + "/"
        + Texts.pathSegment(r.getName())
        + "/"
        + Texts.pathSegment(r.getVersion())
        + "/report";
  }
}
