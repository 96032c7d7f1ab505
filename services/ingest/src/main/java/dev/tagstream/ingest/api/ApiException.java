package dev.tagstream.ingest.api;

import java.util.Map;

/**
 * A request the API refuses as a whole; rendered as {@code {"status","error","message"}} with its
 * status code.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, String> headers;

  ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  ApiException(int status, String code, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }

  static ApiException methodNotAllowed(String method, String allowed) {
    return new ApiException(
        405,
        "method-not-allowed",
        method + " is not supported here; use " + allowed,
        Map.of("Allow", allowed));
  }

  /** Refuses anything but GET (and HEAD). */
  /** A route's own path, with or without a trailing slash. */
  static boolean isPath(String path, String routePath) {
    return path.equals(routePath) || path.equals(routePath + "/");
  }

  /** 404 unless the request is for the route's own path (no sub-path). */
  static void requireExactPath(String path, String routePath) {
    if (!isPath(path, routePath)) {
      throw notFound(path);
    }
  }

  static void requireGet(String method) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw methodNotAllowed(method, "GET");
    }
  }

  static ApiException viewUnavailable(ImageLookup.Unavailable e) {
    return new ApiException(503, "view-unavailable", e.getMessage(), Map.of("Retry-After", "1"));
  }

  static ApiException notFound(String path) {
    return new ApiException(
        404, "not-found", "no such endpoint " + Texts.quote(path) + "; see /openapi.json");
  }
}
