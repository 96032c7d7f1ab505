package dev.tagstream.core.images;

import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The image fetching and decoding settings of one service, declared once for every service that
 * reads images (worker, trainer) under its own prefix: {@code <service>.file-roots}, {@code
 * <service>.fetch.*} and {@code <service>.decode.max-pixels}. Parsed and range-checked at start,
 * each mistake naming its key.
 */
public final class FetchSettings {
  /**
   * Bounds of the fetch timeouts: below 100 ms no real fetch completes (0 once dead-lettered every
   * image).
   */
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  private final Setting fileRoots;
  private final Setting allowAddresses;
  private final Setting connectTimeout;
  private final Setting timeout;
  private final Setting maxBytes;
  private final Setting maxRedirects;
  private final Setting retries;
  private final Setting backoff;
  private final Setting maxPixels;

  private FetchSettings(String service) {
    fileRoots =
        Setting.of(
            service + ".file-roots",
            "",
            "Comma-separated directories file: URIs may read from; empty refuses every file: URI.");
    allowAddresses =
        Setting.of(
            service + ".fetch.allow-addresses",
            "",
            "Comma-separated IP ranges (CIDR) exempt from the private/loopback/metadata address guard.");
    connectTimeout = Setting.of(service + ".fetch.connect-timeout", "2s", "HTTP connect timeout.");
    timeout =
        Setting.of(
            service + ".fetch.timeout",
            "10s",
            "Longest one HTTP attempt may take, headers and body.");
    maxBytes =
        Setting.of(service + ".fetch.max-bytes", "20971520", "Largest image accepted, in bytes.");
    maxRedirects = Setting.of(service + ".fetch.max-redirects", "3", "Redirects followed at most.");
    retries =
        Setting.of(
            service + ".fetch.retries",
            "2",
            "Extra attempts after a transient fetch error (timeout, connection failure, 408/429/5xx).");
    backoff =
        Setting.of(
            service + ".fetch.backoff",
            "200ms",
            "Wait before the first retry; doubles for each further one.");
    maxPixels =
        Setting.of(
            service + ".decode.max-pixels",
            "40000000",
            "Largest width x height an image header may declare; checked before decoding.");
  }

  /** The settings of one service, e.g. {@code of("worker")} for {@code worker.file-roots}, ... */
  public static FetchSettings of(String service) {
    return new FetchSettings(service);
  }

  /** Every setting, in the order the configuration reference lists them. */
  public List<Setting> all() {
    return List.of(
        fileRoots,
        allowAddresses,
        connectTimeout,
        timeout,
        maxBytes,
        maxRedirects,
        retries,
        backoff,
        maxPixels);
  }

  public Setting fileRoots() {
    return fileRoots;
  }

  public Setting allowAddresses() {
    return allowAddresses;
  }

  /**
   * The fetch limits, range-checked; an allowed range that is not an IP range fails here, not at
   * the first fetch.
   */
  public FetchConfig read(Settings s) {
    List<String> ranges = s.list(allowAddresses);
    for (String r : ranges) {
      try {
        UrlGuard.Cidr.parse(r);
      } catch (IllegalArgumentException e) {
        throw s.invalid(allowAddresses, "is not an address range: " + e.getMessage());
      }
    }
    return new FetchConfig(
        s.list(fileRoots).stream().map(Path::of).toList(),
        ranges,
        s.duration(connectTimeout, MIN_TIMEOUT, MAX_TIMEOUT),
        s.duration(timeout, MIN_TIMEOUT, MAX_TIMEOUT),
        s.longValue(maxBytes, 1, 1L << 31),
        s.integer(maxRedirects, 0, 20),
        s.integer(retries, 0, 10),
        s.duration(backoff, Duration.ZERO, Duration.ofMinutes(1)));
  }

  /** The largest pixel count an image header may declare (the decoder's bomb limit). */
  public long maxPixels(Settings s) {
    return s.longValue(maxPixels, 1, Long.MAX_VALUE / 4);
  }
}
