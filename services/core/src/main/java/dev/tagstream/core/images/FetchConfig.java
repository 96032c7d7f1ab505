package dev.tagstream.core.images;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Limits of fetching. fileRoots confine file: URIs (empty: file: refused); allowedRanges are
 * address ranges exempt from the request-forgery guard (e.g. an internal image server); retries
 * apply to transient errors only.
 */
public record FetchConfig(
    List<Path> fileRoots,
    List<String> allowedRanges,
    Duration connectTimeout,
    Duration timeout,
    long maxBytes,
    int maxRedirects,
    int retries,
    Duration backoff) {

  public FetchConfig {
    fileRoots = List.copyOf(fileRoots);
    allowedRanges = List.copyOf(allowedRanges);
    if (maxBytes < 1 || maxRedirects < 0 || retries < 0) {
      throw new IllegalArgumentException("maxBytes >= 1, maxRedirects >= 0, retries >= 0 required");
    }
  }

  public static FetchConfig defaults(List<Path> fileRoots) {
    return new FetchConfig(
        fileRoots,
        List.of(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        20L << 20,
        3,
        2,
        Duration.ofMillis(200));
  }

  public FetchConfig withAllowedRanges(List<String> ranges) {
    return new FetchConfig(
        fileRoots, ranges, connectTimeout, timeout, maxBytes, maxRedirects, retries, backoff);
  }

  public FetchConfig withTimeouts(Duration connect, Duration total, int retries, Duration backoff) {
    return new FetchConfig(
        fileRoots, allowedRanges, connect, total, maxBytes, maxRedirects, retries, backoff);
  }

  public FetchConfig withMaxBytes(long max) {
    return new FetchConfig(
        fileRoots, allowedRanges, connectTimeout, timeout, max, maxRedirects, retries, backoff);
  }
}
