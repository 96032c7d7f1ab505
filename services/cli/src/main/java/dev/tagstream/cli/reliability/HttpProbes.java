package dev.tagstream.cli.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagstream.cli.IngestCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bad and hostile requests to the ingest API: each must be refused with its precise status, and
 * none may store anything (the refused ids are checked against the images topic at the end by the
 * caller).
 */
final class HttpProbes {
  /** Ids that the probes tried to smuggle in; none may ever reach the images topic. */
  static final List<String> REFUSED_IDS =
      List.of(
          "../../etc/passwd",
          "a/../../b",
          "bad id with spaces",
          "",
          "x".repeat(201),
          "ctl\u0001char");

  private HttpProbes() {}

  static void run(IngestCalls ingest, int maxBodyBytes, Report report) {
    String section = "bad input (HTTP)";
    ObjectNode good =
        IngestCalls.JSON.createObjectNode().put("id", "probe-good").put("uri", "file:///x.png");
    for (String id : REFUSED_IDS) {
      ObjectNode item =
          IngestCalls.JSON.createObjectNode().put("id", id).put("uri", "file:///x.png");
      IngestCalls.Answer a = ingest.post("/v1/images", List.of(item));
      String err = a.json().path("rejected").path(0).path("errors").toString();
      report.add(
          section,
          "image id " + printable(id),
          "400, per-item error on id",
          a.status() + " " + abbreviate(err),
          a.status() == 400 && err.contains("id"));
    }
    List<ObjectNode> unknownLabel =
        List.of(
            IngestCalls.JSON
                .createObjectNode()
                .put("id", "probe-label")
                .put("label", "no-such-label")
                .put("state", "positive")
                .put("source", "probe"));
    // A name outside the file is looked up among the added labels, in the view; while the view
    // restores, ingest answers 503 "retry shortly", and a client retries, as this probe does.
    IngestCalls.Answer label = ingest.post("/v1/labels", unknownLabel);
    for (int i = 0; i < 60 && label.status() == 503; i++) {
      pause();
      label = ingest.post("/v1/labels", unknownLabel);
    }
    report.add(
        section,
        "unknown label name",
        "400, per-item error on label",
        label.status() + " " + abbreviate(label.json().path("rejected").toString()),
        label.status() == 400 && label.body().contains("label"));
    IngestCalls.Answer state =
        ingest.post(
            "/v1/labels",
            List.of(
                IngestCalls.JSON
                    .createObjectNode()
                    .put("id", "probe-label")
                    .put("label", "label-0001")
                    .put("state", "maybe")
                    .put("source", "probe")));
    report.add(
        section,
        "bad confirmation state",
        "400",
        Integer.toString(state.status()),
        state.status() == 400);
    IngestCalls.Answer scheme =
        ingest.post(
            "/v1/images",
            List.of(
                IngestCalls.JSON
                    .createObjectNode()
                    .put("id", "probe-scheme")
                    .put("uri", "gopher://example.org/x.png")));
    report.add(
        section,
        "unsupported URI scheme",
        "400",
        Integer.toString(scheme.status()),
        scheme.status() == 400);
    byte[] huge = new byte[maxBodyBytes + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '[';
    huge[huge.length - 1] = ']';
    IngestCalls.Answer big = ingest.withOwnConnection().post("/v1/images", huge, ingest.token());
    // A client still writing a body the server has refused by its declared length may see the 413
    // or, once the
    // server closes the connection without reading the rest, a reset: either way nothing is stored.
    report.add(
        section,
        "oversize body (" + huge.length + " bytes)",
        "413 or connection closed unread",
        big.status() == 0 ? "connection closed unread" : Integer.toString(big.status()),
        big.status() == 413 || big.status() == 0);
    IngestCalls.Answer malformed =
        ingest.post("/v1/images", "{\"id\": ".getBytes(StandardCharsets.UTF_8), ingest.token());
    report.add(
        section,
        "malformed JSON",
        "400",
        Integer.toString(malformed.status()),
        malformed.status() == 400);

    String sec = "security";
    for (String path : List.of("/v1/images", "/v1/labels")) {
      byte[] body = ("[" + good + "]").getBytes(StandardCharsets.UTF_8);
      IngestCalls.Answer none = ingest.post(path, body, null);
      report.add(
          sec,
          "POST " + path + " without token",
          "401",
          Integer.toString(none.status()),
          none.status() == 401);
      IngestCalls.Answer wrong = ingest.post(path, body, ingest.token() + "x");
      report.add(
          sec,
          "POST " + path + " with a wrong token",
          "401",
          Integer.toString(wrong.status()),
          wrong.status() == 401);
    }
    for (String path : List.of("/v1/images/ref-0000000", "/v1/review/queue", "/v1/review/models")) {
      IngestCalls.Answer none = ingest.get(path, null);
      report.add(
          sec,
          "GET " + path + " without token",
          "401",
          Integer.toString(none.status()),
          none.status() == 401);
      IngestCalls.Answer wrong = ingest.get(path, "wrong-token");
      report.add(
          sec,
          "GET " + path + " with a wrong token",
          "401",
          Integer.toString(wrong.status()),
          wrong.status() == 401);
    }
    for (String path : List.of("/v1/images/..%2F..%2Fetc%2Fpasswd", "/v1/images/%2e%2e")) {
      IngestCalls.Answer a = ingest.get(path);
      report.add(
          sec,
          "path traversal in a looked-up id: " + path,
          "400 or 404",
          Integer.toString(a.status()),
          a.status() == 400 || a.status() == 404);
    }
  }

  static String printable(String id) {
    if (id.isEmpty()) {
      return "(empty)";
    }
    String p = id.replaceAll("\\p{Cntrl}", "\\\\x01");
    return p.length() > 24 ? p.substring(0, 12) + "...(" + id.length() + " chars)" : "'" + p + "'";
  }

  private static String abbreviate(String s) {
    return s.length() > 90 ? s.substring(0, 90) + "..." : s;
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a probe", e);
    }
  }
}
