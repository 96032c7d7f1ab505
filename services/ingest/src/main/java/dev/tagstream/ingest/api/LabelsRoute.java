package dev.tagstream.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.LabelConfirmation;
import java.io.IOException;

/**
 * {@code POST /v1/labels}: one label confirmation or a batch; {@code GET /v1/labels}: the labels
 * starving for positives ({@link LabelHistoryRoute#list}).
 */
final class LabelsRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/labels";

  private final BatchIngest<LabelConfirmation> ingest;
  private final int maxBodyBytes;
  private final LabelHistoryRoute history;

  LabelsRoute(BatchIngest<LabelConfirmation> ingest, int maxBodyBytes, LabelHistoryRoute history) {
    this.ingest = ingest;
    this.maxBodyBytes = maxBodyBytes;
    this.history = history;
  }

  @Override
  public Reply handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    ApiException.requireExactPath(path, PATH);
    if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) {
      return history.list(ex);
    }
    if (!ex.getRequestMethod().equals("POST")) {
      throw ApiException.methodNotAllowed(ex.getRequestMethod(), "GET, POST");
    }
    return ingest.handle(ex, maxBodyBytes);
  }
}
