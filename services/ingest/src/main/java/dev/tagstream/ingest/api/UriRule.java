package dev.tagstream.ingest.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accepts absolute URIs whose scheme is on the configured list; http(s) need a host, file needs a
 * path.
 */
final class UriRule {
  static final int MAX_LENGTH = 2048;
  private static final int HOST = 1;
  private static final int PATH = 2;

  /**
   * Per Latin-1 byte: HOST for a host label's characters (lower-case letters, digits, '-'), PATH
   * for a path's.
   */
  private static final byte[] CLASSES = new byte[256];

  static {
    for (char c = 0; c < 256; c++) {
      boolean lowerAlnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      int k =
          (lowerAlnum || c == '-' ? HOST : 0)
              | (lowerAlnum
                      || (c >= 'A' && c <= 'Z')
                      || c == '/'
                      || c == '-'
                      || c == '.'
                      || c == '_'
                      || c == '~'
                  ? PATH
                  : 0);
      CLASSES[c] = (byte) k;
    }
  }

  private final Set<String> schemes;

  UriRule(Set<String> schemes) {
    this.schemes = new TreeSet<>(schemes);
  }

  /** Empty when acceptable, else what is wrong, phrased to follow "uri ". */
  Optional<String> problem(String uri) {
    if (uri.length() > MAX_LENGTH) {
      return Optional.of(
          "is " + uri.length() + " characters long; at most " + MAX_LENGTH + " allowed");
    }
    // java.net.URI's parse was a quarter of the API's CPU per item; the common shape is settled
    // without it.
    return plainWeb(uri) ? Optional.empty() : parsedProblem(uri);
  }

  /**
   * Whether {@code uri} is a plain {@code http(s)://host[/path]} that the full parse certainly
   * accepts: an allowed lower-case scheme, a DNS name of lower-case labels (no '-' at either end,
   * the last starting with a letter, so never an IPv4 address), no user, port, query or fragment,
   * and a path of unreserved characters and '/'. It may say false for acceptable URIs (they take
   * the full parse); it must never say true for one the parse refuses.
   */
  boolean plainWeb(String uri) {
    int p;
    if (uri.startsWith("https://")) {
      p = 8;
    } else if (uri.startsWith("http://")) {
      p = 7;
    } else {
      return false;
    }
    if (!schemes.contains(p == 8 ? "https" : "http")) {
      return false;
    }
    // Scanned as Latin-1 bytes through a class table (charAt per character was ~15 % of a request
    // thread); a
    // character outside Latin-1 becomes '?', which the shortcut refuses like any query.
    byte[] b = uri.getBytes(StandardCharsets.ISO_8859_1);
    int n = b.length;
    int lastLabel;
    while (true) {
      int q = p;
      while (q < n && (CLASSES[b[q] & 0xFF] & HOST) != 0) {
        q++;
      }
      if (q == p || b[p] == '-' || b[q - 1] == '-') {
        return false;
      }
      lastLabel = p;
      p = q;
      if (p < n && b[p] == '.') {
        p++;
      } else {
        break;
      }
    }
    if (b[lastLabel] < 'a' || b[lastLabel] > 'z') {
      return false;
    }
    if (p < n && b[p] != '/') {
      return false;
    }
    for (int i = p; i < n; i++) {
      if ((CLASSES[b[i] & 0xFF] & PATH) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The rule by the full parse; {@link #problem} gives the same answer. */
  Optional<String> parsedProblem(String uri) {
    if (uri.length() > MAX_LENGTH) {
      return Optional.of(
          "is " + uri.length() + " characters long; at most " + MAX_LENGTH + " allowed");
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
    }
    if (!u.isAbsolute()) {
      return Optional.of(Texts.quote(uri) + " has no scheme; use one of " + schemes);
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      return Optional.of("scheme '" + u.getScheme() + "' is not allowed; use one of " + schemes);
    }
    if ((scheme.equals("http") || scheme.equals("https"))
        && (u.getHost() == null || u.getHost().isEmpty())) {
      return Optional.of(Texts.quote(uri) + " has no host");
    }
    if (scheme.equals("file")
        && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/"))) {
      return Optional.of(Texts.quote(uri) + " has no file path (expected file:///absolute/path)");
    }
    return Optional.empty();
  }
}
