package dev.tagstream.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.ingest.review.FileRoots;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/review/images/{id}}: the bytes of an image whose latest prediction (or label
 * state) names a {@code file:} URI inside {@code ingest.file-roots}. The client names an image id,
 * never a path or URL, and the server fetches nothing from the network; http(s) images are loaded
 * by the browser itself.
 */
final class ReviewImageRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/review/images";
  static final long MAX_BYTES = 20L << 20;
  private static final Map<String, String> HEADERS =
      Map.of(
          "Cache-Control", "private, max-age=300",
          "X-Content-Type-Options", "nosniff",
          "Content-Security-Policy", "default-src 'none'; sandbox");

  private final ImageLookup lookup;
  private final FileRoots roots;

  ReviewImageRoute(ImageLookup lookup, FileRoots roots) {
    this.lookup = lookup;
    this.roots = roots;
  }

  @Override
  public Reply handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (!path.startsWith(PATH + "/") || path.indexOf('/', PATH.length() + 1) >= 0) {
      throw ApiException.notFound(path);
    }
    ApiException.requireGet(ex.getRequestMethod());
    String id = path.substring(PATH.length() + 1);
    ImageIds.problem(id)
        .ifPresent(
            m -> {
              throw new ApiException(400, "invalid-id", "image id " + Texts.quote(id) + " " + m);
            });
    String uri = uriOf(id);
    Path file;
    try {
      file = roots.resolve(uri);
    } catch (FileRoots.Refused e) {
      throw e.missing()
          ? new ApiException(
              404,
              "image-missing",
              "the image of " + Texts.quote(id) + " cannot be read: " + e.getMessage())
          : new ApiException(
              403,
              "not-served",
              "the image of " + Texts.quote(id) + " is not served: " + e.getMessage());
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new ApiException(
          413,
          "image-too-large",
          "the image of " + Texts.quote(id) + " exceeds " + MAX_BYTES + " bytes");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    }
    String type = ImageTypes.sniff(bytes);
    if (type == null) {
      throw new ApiException(
          415,
          "not-an-image",
          "the file of " + Texts.quote(id) + " is not a PNG, JPEG, GIF, WebP or BMP image");
    }
    return Reply.content(type, bytes, HEADERS);
  }

  private String uriOf(String id) {
    Optional<ImageLookup.Known> known = lookup.find(id); // Unavailable: JsonEndpoint answers 503
    String uri =
        known
            .map(
                k ->
                    k.prediction() != null
                        ? k.prediction().getUri()
                        : k.labelState().getUri().isEmpty() ? null : k.labelState().getUri())
            .orElse(null);
    if (uri == null) {
      throw new ApiException(
          404, "unknown-image", "no prediction names an image " + Texts.quote(id));
    }
    return uri;
  }
}
