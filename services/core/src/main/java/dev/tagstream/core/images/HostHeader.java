package dev.tagstream.core.images;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.Locale;

/**
 * Lets the JDK HTTP client send a Host header of our choosing, so that a request can go to the IP
 * address the URL guard approved while the server still sees the URL's host name. The client
 * refuses a Host header unless the system property {@value #PROPERTY} lists "host" when its
 * internals load (they read it once, in a static initialiser), so {@link #allow()} must run before
 * any code in the JVM touches java.net.http.
 */
public final class HostHeader {
  public static final String PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

  private HostHeader() {}

  /** Adds "host" to the property, keeping whatever else it already allows. Idempotent. */
  public static synchronized void allow() {
    String current = System.getProperty(PROPERTY, "").trim();
    boolean present =
        Arrays.stream(current.split(","))
            .anyMatch(h -> h.trim().toLowerCase(Locale.ROOT).equals("host"));
    if (!present) {
      System.setProperty(PROPERTY, current.isEmpty() ? "host" : current + ",host");
    }
  }

  /** True when the loaded HTTP client accepts a Host header (the property was set in time). */
  public static boolean allowed() {
    try {
      HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "example.org");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Fails fast, naming the fix, when the HTTP client was loaded before {@link #allow()} ran. */
  public static void require() {
    if (!allowed()) {
      throw new IllegalStateException(
          "the JDK HTTP client refuses the Host header, so fetches cannot be pinned to "
              + "the address the URL guard approved: start the JVM with -D"
              + PROPERTY
              + "=host (it was loaded "
              + "before the service could set it)");
    }
  }
}
