package dev.tagstream.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HostHeaderTest {
  @Test
  void theHttpClientAcceptsAHostHeaderOnceTheFetcherIsLoaded() throws Exception {
    Class.forName(ImageFetcher.class.getName()); // its static initialiser sets the property
    assertTrue(
        HostHeader.allowed(), "the JDK HTTP client refuses Host: the property was set too late");
  }

  @Test
  void addsHostToWhateverElseThePropertyAllows() {
    String before = System.getProperty(HostHeader.PROPERTY);
    try {
      System.setProperty(HostHeader.PROPERTY, "connection");
      HostHeader.allow();
      assertEquals("connection,host", System.getProperty(HostHeader.PROPERTY));
      HostHeader.allow();
      assertEquals("connection,host", System.getProperty(HostHeader.PROPERTY)); // idempotent
    } finally {
      System.setProperty(HostHeader.PROPERTY, before == null ? "host" : before);
    }
  }

  @Test
  void pinnedUriKeepsPathAndQueryAndMakesThePortExplicit() throws Exception {
    URI uri = URI.create("http://user@images.example/a%20b/c.png?x=1&y=%2F#frag");
    assertEquals(
        "http://93.184.216.34:80/a%20b/c.png?x=1&y=%2F",
        PinnedRequest.pinnedUri(uri, InetAddress.getByName("93.184.216.34")).toString());
    assertEquals("images.example", PinnedRequest.hostHeader(uri));
    URI v6 = URI.create("http://[2001:db8::1]:8080");
    assertEquals(
        "http://[2001:db8:0:0:0:0:0:1]:8080/",
        PinnedRequest.pinnedUri(v6, InetAddress.getByName("2001:db8::1")).toString());
    assertEquals("[2001:db8::1]:8080", PinnedRequest.hostHeader(v6));
  }
}
