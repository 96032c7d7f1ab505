package dev.tagstream.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code /review/}: the review pages, plain HTML, CSS and JavaScript from the jar (no build step,
 * nothing loaded from elsewhere). Open unless ingest.review-require-token: the files hold no data;
 * every JSON call they make carries the token.
 */
final class PagesRoute implements JsonEndpoint.Route {
  static final String PATH = "/review";

  /** Path under /review/ to resource file and media type; nothing else is served. */
  private static final Map<String, String[]> FILES =
      Map.of(
          "", new String[] {"index.html", "text/html; charset=utf-8"},
          "models", new String[] {"models.html", "text/html; charset=utf-8"},
          "review.css", new String[] {"review.css", "text/css; charset=utf-8"},
          "common.js", new String[] {"common.js", "text/javascript; charset=utf-8"},
          "queue.js", new String[] {"queue.js", "text/javascript; charset=utf-8"},
          "models.js", new String[] {"models.js", "text/javascript; charset=utf-8"});

  // inline styles only for the evaluation report shown in a sandboxed srcdoc frame (it inherits
  // this policy)
  static final String CSP =
      "default-src 'self'; img-src 'self' blob: data: http: https:; "
          + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CSP,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "Cache-Control", "no-cache");

  private final Map<String, byte[]> contents = new java.util.HashMap<>();

  PagesRoute() {
    FILES.forEach((path, f) -> contents.put(path, read(f[0])));
  }

  @Override
  public Reply handle(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    ApiException.requireGet(ex.getRequestMethod());
    if (path.equals(PATH)) {
      return new Reply(
          308, null, Map.of("Location", PATH + "/"), "text/plain; charset=utf-8", new byte[0]);
    }
    String name = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : null;
    if (name == null || !FILES.containsKey(name)) {
      throw ApiException.notFound(path);
    }
    return Reply.content(FILES.get(name)[1], contents.get(name), HEADERS);
  }

  private static byte[] read(String file) {
    try (InputStream in =
        PagesRoute.class.getResourceAsStream("/dev/tagstream/ingest/review/" + file)) {
      if (in == null) {
        throw new IllegalStateException("review page " + file + " is missing from the ingest jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read review page " + file, e);
    }
  }
}
