package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.ingest.review.ReviewItem;
import dev.tagstream.ingest.review.ReviewQueue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/review/queue?limit=5&exclude=a,b}: the images most worth reviewing, best first,
 * each with its shown labels (probability, threshold, value, decision so far), the labels already
 * known, and where the page gets its picture ({@code file:} images through {@code
 * /v1/review/images/{id}}, http(s) ones directly).
 */
final class ReviewQueueRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/review/queue";
  static final int MAX_LIMIT = 50;
  static final int MAX_EXCLUDE = 500;

  private final ReviewQueue queue;

  ReviewQueueRoute(ReviewQueue queue) {
    this.queue = queue;
  }

  @Override
  public Reply handle(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    ApiException.requireExactPath(path, PATH);
    ApiException.requireGet(ex.getRequestMethod());
    QueryParams q = new QueryParams(ex);
    int limit = q.integer("limit", 5, 1, MAX_LIMIT);
    Set<String> exclude =
        Arrays.stream(q.text("exclude", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    if (exclude.size() > MAX_EXCLUDE) {
      throw new ApiException(
          400,
          "invalid-parameter",
          "exclude names " + exclude.size() + " ids; at most " + MAX_EXCLUDE + " allowed");
    }
    ReviewQueue.Page page = queue.next(limit, exclude); // Unavailable: JsonEndpoint answers 503
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode items = o.putArray("items");
    page.items().forEach(i -> items.add(json(i)));
    o.put("predictions", page.predictions());
    return Reply.of(200, o);
  }

  static ObjectNode json(ReviewItem i) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", i.id())
        .put("uri", i.uri())
        .put("image", imageUrl(i))
        .put("modelVersion", i.modelVersion())
        .put("value", round(i.value()));
    ArrayNode labels = o.putArray("labels");
    for (ReviewItem.Shown s : i.labels()) {
      labels
          .addObject()
          .put("label", s.label())
          .put("probability", round(s.probability()))
          .put("threshold", round(s.threshold()))
          .put("doubt", round(s.doubt()))
          .put("value", round(s.value()))
          .put("predicted", s.predicted())
          .put("decision", s.decision());
    }
    ObjectNode known = o.putObject("known");
    new TreeSet<>(i.known().positives()).forEach(known.putArray("positives")::add);
    new TreeSet<>(i.known().negatives()).forEach(known.putArray("negatives")::add);
    return o;
  }

  /** Where the browser loads the picture; null when it cannot (an unsupported scheme). */
  static String imageUrl(ReviewItem i) {
    String scheme =
        i.uri().contains(":")
            ? i.uri().substring(0, i.uri().indexOf(':')).toLowerCase(Locale.ROOT)
            : "";
    return switch (scheme) {
      case "file" -> ReviewImageRoute.PATH + "/" + i.id(); // ids are URL-safe by the id rule
      case "http", "https" -> i.uri();
      default -> null;
    };
  }

  static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}
