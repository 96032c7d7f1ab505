package dev.tagstream.core.images;

import dev.tagstream.core.images.ImageFetchException.Stage;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Request-forgery guard: resolves a URL's host and refuses it when any address is loopback,
 * private, link-local, unique-local, carrier-grade NAT, multicast, unspecified or a cloud metadata
 * address, unless that address is inside an explicitly allowed range. Runs before every connection,
 * redirects included.
 */
final class UrlGuard {
  /** Host name resolution, injectable so tests can map names to addresses without DNS. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Resolver resolver;
  private final List<Cidr> allowed;

  UrlGuard(Resolver resolver, List<String> allowedRanges) {
    this.resolver = resolver;
    this.allowed = allowedRanges.stream().map(Cidr::parse).toList();
  }

  static UrlGuard system(List<String> allowedRanges) {
    return new UrlGuard(InetAddress::getAllByName, allowedRanges);
  }

  /**
   * Returns the resolved addresses when every one is acceptable; otherwise throws
   * forbidden-address.
   */
  InetAddress[] check(URI uri) {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw ImageFetchException.poison(Stage.VALIDATE, "malformed-uri", "no host in " + uri);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      // DNS failures are often temporary; the fetcher retries them
      throw ImageFetchException.transientFailure(
          Stage.FETCH, "unresolvable-host", "cannot resolve " + host, e);
    }
    for (InetAddress a : addresses) {
      if (forbidden(a) && allowed.stream().noneMatch(c -> c.contains(a))) {
        throw ImageFetchException.poison(
            Stage.FETCH,
            "forbidden-address",
            host
                + " resolves to "
                + a.getHostAddress()
                + " ("
                + kind(a)
                + "), which is not allowed");
      }
    }
    return addresses;
  }

  static boolean forbidden(InetAddress a) {
    return kind(a) != null;
  }

  /** Why an address is off limits, or null when it is a public unicast address. */
  static String kind(InetAddress a) {
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      InetAddress embedded = embeddedIpv4(b);
      if (embedded != null) {
        return kind(embedded);
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return "unique-local"; // fc00::/7, includes AWS's fd00:ec2::254 metadata address
      }
    }
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local"; // 169.254.0.0/16 holds the AWS/GCP/Azure metadata address
      // 169.254.169.254
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0) {
        return "unspecified";
      }
      if (b0 == 100 && b1 >= 64 && b1 < 128) {
        return "carrier-grade-nat"; // 100.64.0.0/10, includes Alibaba's 100.100.100.200 metadata
        // address
      }
      if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) {
        return "ietf-reserved"; // 192.0.0.0/24, includes Oracle's 192.0.0.192 metadata address
      }
      if (b0 >= 240) {
        return "reserved";
      }
    }
    return null;
  }

  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address a.b.c.d
  private static InetAddress embeddedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return null;
      }
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    if (!mapped && !compatible) {
      return null;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An allowed address range, e.g. 127.0.0.1/32 or 10.1.0.0/16; a bare address means just that
   * address.
   */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String[] parts = text.trim().split("/", 2);
      try {
        byte[] net = InetAddress.getByName(literal(parts[0])).getAddress();
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
        if (prefix < 0 || prefix > net.length * 8) {
          throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
        return new Cidr(net, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an address range like 10.0.0.0/8", e);
      }
    }

    // only IP literals: a host name here would be a DNS lookup at start-up and a trap
    private static String literal(String s) {
      if (!s.contains(":") && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new IllegalArgumentException("'" + s + "' is not an IP address literal");
      }
      return s;
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (network[full] & mask);
    }
  }
}
