package dev.tagstream.ingest.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Accepts absolute URIs whose scheme is on the configured list; http(s) need a host, file needs a path. */
final class UriRule {
  static final int MAX_LENGTH = 2048;

  private final Set<String> schemes;

  UriRule(Set<String> schemes) {
    this.schemes = new TreeSet<>(schemes);
  }

  /** Empty when acceptable, else what is wrong, phrased to follow "uri ". */
  Optional<String> problem(String uri) {
    if (uri.length() > MAX_LENGTH) {
      return Optional.of("is " + uri.length() + " characters long; at most " + MAX_LENGTH + " allowed");
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
    if ((scheme.equals("http") || scheme.equals("https")) && (u.getHost() == null || u.getHost().isEmpty())) {
      return Optional.of(Texts.quote(uri) + " has no host");
    }
    if (scheme.equals("file") && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/"))) {
      return Optional.of(Texts.quote(uri) + " has no file path (expected file:///absolute/path)");
    }
    return Optional.empty();
  }
}
