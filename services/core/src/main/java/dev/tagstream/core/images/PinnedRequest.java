package dev.tagstream.core.images;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;

/**
 * An HTTP GET that connects to one given address, the one the URL guard approved, instead of
 * letting the client resolve the host name again (a hostile DNS server could answer a public
 * address to the guard and a private one to the second lookup: DNS rebinding). The URL's host goes
 * in the Host header, so virtual hosting still works.
 */
final class PinnedRequest {
  private PinnedRequest() {}

  static HttpRequest of(URI uri, InetAddress approved, Duration timeout) {
    return HttpRequest.newBuilder(pinnedUri(uri, approved))
        .timeout(timeout)
        .header("Host", hostHeader(uri))
        .header("Accept", "image/*")
        .GET()
        .build();
  }

  /** The same URL with its host replaced by the address literal; the port made explicit. */
  static URI pinnedUri(URI uri, InetAddress address) {
    String literal = address.getHostAddress();
    if (address instanceof Inet6Address) {
      literal =
          "[" + literal.replace("%", "%25") + "]"; // a zone id's % must be escaped inside a URI
    }
    StringBuilder s =
        new StringBuilder(uri.getScheme().toLowerCase(Locale.ROOT))
            .append("://")
            .append(literal)
            .append(':')
            .append(port(uri));
    String path = uri.getRawPath();
    s.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      s.append('?').append(uri.getRawQuery());
    }
    return URI.create(s.toString()); // no fragment: it is never sent
  }

  /** host[:port] as the URL wrote it (no user info); IPv6 literals keep their brackets. */
  static String hostHeader(URI uri) {
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
