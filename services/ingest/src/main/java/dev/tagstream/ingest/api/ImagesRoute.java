package dev.tagstream.ingest.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.RecordJson;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /v1/images} (submit references) and {@code GET /v1/images/{id}} (latest prediction
 * and label state).
 */
final class ImagesRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/images";

  private final BatchIngest<ImageReference> ingest;
  private final ImageLookup lookup;
  private final int maxBodyBytes;

  ImagesRoute(BatchIngest<ImageReference> ingest, ImageLookup lookup, int maxBodyBytes) {
    this.ingest = ingest;
    this.lookup = lookup;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Reply handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (ApiException.isPath(path, PATH)) {
      if (!method.equals("POST")) {
        throw ApiException.methodNotAllowed(method, "POST");
      }
      return ingest.handle(ex, maxBodyBytes);
    }
    if (!path.startsWith(PATH + "/") || path.indexOf('/', PATH.length() + 1) >= 0) {
      throw ApiException.notFound(path);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ApiException.methodNotAllowed(method, "GET");
    }
    return get(path.substring(PATH.length() + 1));
  }

  private Reply get(String id) {
    ImageIds.problem(id)
        .ifPresent(
            m -> {
              throw new ApiException(400, "invalid-id", "image id " + Texts.quote(id) + " " + m);
            });
    Optional<ImageLookup.Known> known = lookup.find(id); // Unavailable: JsonEndpoint answers 503
    if (known.isEmpty()) {
      throw new ApiException(
          404,
          "unknown-image",
          "no prediction or label state is known for image "
              + Texts.quote(id)
              + " (yet: predictions appear after a worker has scored it)");
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("id", id);
    o.set("prediction", RecordJson.toNode(known.get().prediction()));
    o.set("labelState", RecordJson.toNode(known.get().labelState()));
    return Reply.of(200, o);
  }
}
