package dev.tagstream.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlGuardTest {
  // names resolve through this table only: no DNS, no connection
  private static final Map<String, String> DNS =
      Map.of(
          "images.example", "93.184.216.34",
          "metadata.example", "169.254.169.254",
          "intranet.example", "10.0.0.1",
          "rebound.example", "127.0.0.1");

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String ip = DNS.getOrDefault(host, host.matches("[0-9.:a-f]+") ? host : null);
    if (ip == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(ip)};
  }

  private final UrlGuard guard = new UrlGuard(UrlGuardTest::resolve, List.of());

  private String refusal(String url) {
    ImageFetchException e =
        assertThrows(ImageFetchException.class, () -> guard.check(URI.create(url)));
    assertEquals("forbidden-address", e.reason());
    return e.getMessage();
  }

  @Test
  void acceptsPublicAddress() {
    assertEquals(
        "93.184.216.34",
        guard.check(URI.create("https://images.example/a.png"))[0].getHostAddress());
  }

  @Test
  void refusesHostNameResolvingToMetadataAddress() {
    assertEquals(
        "metadata.example resolves to 169.254.169.254 (link-local), which is not allowed",
        refusal("http://metadata.example/latest/meta-data/"));
  }

  @Test
  void refusesHostNameResolvingToPrivateAddress() {
    assertEquals(
        "intranet.example resolves to 10.0.0.1 (private), which is not allowed",
        refusal("http://intranet.example/x.png"));
  }

  @Test
  void refusesLoopbackLiterals() {
    assertEquals(
        "127.0.0.1 resolves to 127.0.0.1 (loopback), which is not allowed",
        refusal("http://127.0.0.1:8080/"));
    assertEquals(
        "::1 resolves to 0:0:0:0:0:0:0:1 (loopback), which is not allowed",
        refusal("http://[::1]/"));
  }

  @Test
  void refusesIpv4MappedIpv6PrivateAddress() {
    assertEquals(
        "::ffff:192.168.1.1 resolves to 192.168.1.1 (private), which is not allowed",
        refusal("http://[::ffff:192.168.1.1]/"));
  }

  @Test
  void classifiesEveryForbiddenRange() throws Exception {
    assertEquals("carrier-grade-nat", UrlGuard.kind(InetAddress.getByName("100.100.100.200")));
    assertEquals("ietf-reserved", UrlGuard.kind(InetAddress.getByName("192.0.0.192")));
    assertEquals("unique-local", UrlGuard.kind(InetAddress.getByName("fd00:ec2::254")));
    assertEquals("private", UrlGuard.kind(InetAddress.getByName("172.16.5.4")));
    assertEquals("unspecified", UrlGuard.kind(InetAddress.getByName("0.0.0.0")));
    assertEquals("multicast", UrlGuard.kind(InetAddress.getByName("224.0.0.1")));
    assertEquals("link-local", UrlGuard.kind(InetAddress.getByName("fe80::1")));
    assertNull(UrlGuard.kind(InetAddress.getByName("8.8.8.8")));
    assertNull(UrlGuard.kind(InetAddress.getByName("172.32.0.1")));
  }

  @Test
  void allowsExplicitlyAllowedRangeOnly() {
    UrlGuard allowing = new UrlGuard(UrlGuardTest::resolve, List.of("127.0.0.1/32", "10.0.0.0/8"));
    assertEquals(
        "127.0.0.1", allowing.check(URI.create("http://rebound.example/"))[0].getHostAddress());
    assertEquals(
        "10.0.0.1", allowing.check(URI.create("http://intranet.example/"))[0].getHostAddress());
    ImageFetchException e =
        assertThrows(
            ImageFetchException.class, () -> allowing.check(URI.create("http://127.0.0.2/")));
    assertEquals("forbidden-address", e.reason());
  }

  @Test
  void rejectsHostNamesAsAllowedRanges() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new UrlGuard(UrlGuardTest::resolve, List.of("intranet.example")));
  }

  @Test
  void treatsUnresolvableHostAsTransient() {
    ImageFetchException e =
        assertThrows(
            ImageFetchException.class, () -> guard.check(URI.create("http://nowhere.example/")));
    assertEquals("unresolvable-host", e.reason());
    assertEquals(true, e.retriable());
  }
}
