package dev.tagstream.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tagstream.core.ops.OpsServer;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a route: checks the token, turns every error into a JSON body, writes the reply (JSON, or
 * the raw content of an image or page), and counts the request by status.
 */
final class JsonEndpoint implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(JsonEndpoint.class);

  /** A route's logic; throws {@link ApiException} to refuse the whole request. */
  interface Route {
    Reply handle(HttpExchange ex) throws IOException;
  }

  private final String name;
  private final TokenGuard token;
  private final Route route;
  private final IngestMetrics metrics;

  JsonEndpoint(String name, TokenGuard token, Route route, IngestMetrics metrics) {
    this.name = name;
    this.token = token;
    this.route = route;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    long t0 = System.nanoTime();
    Reply reply;
    try {
      token.check(ex);
      reply = route.handle(ex);
    } catch (ApiException e) {
      reply = Reply.error(e);
    } catch (ImageLookup.Unavailable e) {
      // every route that reads the view answers "retry shortly" while the view restores, never 500
      reply = Reply.error(ApiException.viewUnavailable(e));
    } catch (RuntimeException e) {
      log.warn(
          "{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
      reply =
          Reply.error(
              new ApiException(
                  500, "internal-error", "the server failed: " + e.getClass().getSimpleName()));
    }
    try {
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      if (reply.content() != null) {
        writeContent(ex, reply);
      } else {
        OpsServer.respond(ex, reply.status(), "application/json", render(reply));
      }
    } finally {
      metrics.request(name, ex.getRequestMethod(), reply.status(), t0);
    }
  }

  private static void writeContent(HttpExchange ex, Reply reply) throws IOException {
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(
        reply.status(), head || reply.content().length == 0 ? -1 : reply.content().length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(reply.content());
      }
    }
  }

  private static byte[] render(Reply reply) {
    try {
      return JsonBody.JSON.writeValueAsBytes(reply.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a JSON reply", e);
    }
  }
}
