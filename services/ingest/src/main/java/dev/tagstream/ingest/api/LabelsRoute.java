package dev.tagstream.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import dev.tagstream.contracts.LabelConfirmation;
import java.io.IOException;

/** {@code POST /v1/labels}: one label confirmation or a batch. */
final class LabelsRoute implements JsonEndpoint.Route {
  static final String PATH = "/v1/labels";

  private final BatchIngest<LabelConfirmation> ingest;
  private final int maxBodyBytes;

  LabelsRoute(BatchIngest<LabelConfirmation> ingest, int maxBodyBytes) {
    this.ingest = ingest;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Reply handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    ApiException.requireExactPath(path, PATH);
    if (!ex.getRequestMethod().equals("POST")) {
      throw ApiException.methodNotAllowed(ex.getRequestMethod(), "POST");
    }
    return ingest.handle(
        JsonBody.bytes(ex, maxBodyBytes),
        ex.getRequestHeaders().getFirst(IdempotentReplies.HEADER));
  }
}
