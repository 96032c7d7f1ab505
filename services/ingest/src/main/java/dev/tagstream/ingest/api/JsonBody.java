package dev.tagstream.ingest.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a request body within a byte limit, refusing wrong content types, oversize and malformed
 * bodies.
 */
final class JsonBody {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonBody() {}

  /** NDJSON: a stream of JSON objects, one per line. */
  static final String NDJSON = "application/x-ndjson";

  /** Whether the request's body is declared an NDJSON stream. */
  static boolean isNdjson(HttpExchange ex) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith(NDJSON);
  }

  /** The body's bytes, after checking its content type and size; not yet parsed. */
  static byte[] bytes(HttpExchange ex, int maxBytes) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(
          415,
          "unsupported-media-type",
          "send the body as JSON with the header Content-Type: application/json, or a stream of"
              + " items, one per line, with Content-Type: "
              + NDJSON
              + " (got "
              + (type == null ? "none" : Texts.quote(type))
              + ")");
    }
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new ApiException(
            400,
            "bad-content-length",
            "Content-Length " + Texts.quote(length) + " is not a number");
      }
      // Refuse before reading: an oversize body is never buffered.
      if (declared > maxBytes) {
        throw tooLarge(declared + " bytes", maxBytes);
      }
    }
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      // A declared length is read into one array of that size; readNBytes(max) would gather and
      // copy 8 KiB pieces.
      bytes = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
    }
    if (bytes.length == 0) {
      throw new ApiException(
          400, "empty-body", "the request body is empty; send a JSON object or array");
    }
    return bytes;
  }

  /** The body as a tree; malformed JSON is refused with where and what. */
  static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ApiException(
          400,
          "malformed-json",
          "malformed JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a byte array", e);
    }
  }

  private static byte[] readDeclared(InputStream in, int declared) throws IOException {
    byte[] bytes = new byte[declared];
    int got = in.readNBytes(bytes, 0, declared);
    return got == declared ? bytes : Arrays.copyOf(bytes, got);
  }

  private static ApiException tooLarge(String what, int maxBytes) {
    return new ApiException(
        413,
        "body-too-large",
        "request body of "
            + what
            + " exceeds the limit of "
            + maxBytes
            + " bytes (ingest.max-body-bytes); split it into smaller batches");
  }
}
