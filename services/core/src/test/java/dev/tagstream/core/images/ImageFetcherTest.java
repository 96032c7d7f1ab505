package dev.tagstream.core.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tagstream.core.images.ImageFetchException.Stage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {
  @TempDir Path root;
  @TempDir Path elsewhere;

  private HttpServer server;
  private String base;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final AtomicInteger flaky = new AtomicInteger();
  private final List<String> hosts = new CopyOnWriteArrayList<>();
  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private static final byte[] PNG = SampleImages.png(16, 16, 7);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/ok.png", ex -> reply(ex, 200, PNG));
    server.createContext("/missing.png", ex -> reply(ex, 404, new byte[0]));
    server.createContext(
        "/flaky.png", ex -> reply(ex, flaky.incrementAndGet() == 1 ? 503 : 200, PNG));
    server.createContext("/down.png", ex -> reply(ex, 503, new byte[0]));
    server.createContext(
        "/slow.png",
        ex -> {
          awaitRelease();
          reply(ex, 200, PNG);
        });
    server.createContext("/big.png", ex -> reply(ex, 200, new byte[5000]));
    server.createContext(
        "/chunked.png",
        ex -> {
          ex.sendResponseHeaders(200, 0); // chunked: no declared length, the limit must still hold
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 10; i++) {
              out.write(new byte[1000]);
            }
          } catch (IOException ignored) {
            // the client hung up once over the limit
          }
        });
    server.createContext(
        "/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
    server.createContext("/to-ok", ex -> redirect(ex, "/ok.png"));
    server.createContext("/loop", ex -> redirect(ex, "/loop"));
    server.createContext("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
    server.createContext(
        "/host.png",
        ex -> {
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          reply(ex, 200, PNG);
        });
    server.createContext(
        "/to-other-name",
        ex -> {
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          redirect(ex, "http://other.test:" + server.getAddress().getPort() + "/host.png");
        });
    server.createContext(
        "/to-metadata-name", ex -> redirect(ex, "http://metadata.test/latest/meta-data/"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  private void awaitRelease() {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    reply(ex, 302, new byte[0]);
  }

  private ImageFetcher fetcher(FetchConfig config) {
    return new ImageFetcher(config, UrlGuard.system(config.allowedRanges()), sleeps::add);
  }

  /**
   * The loopback test server is allowed explicitly; every other private address stays forbidden.
   */
  private ImageFetcher httpFetcher() {
    // A 1 s read timeout: generous for loaded CI machines (300 ms flaked), and the slow endpoint
    // never answers.
    return fetcher(
        FetchConfig.defaults(List.of(root))
            .withAllowedRanges(List.of("127.0.0.1/32"))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofMillis(50))
            .withMaxBytes(4096));
  }

  /**
   * Names that no DNS server knows, resolved by the guard's own table only: a fetch of them can
   * succeed only if the client connects to the address the guard approved instead of resolving the
   * name itself.
   */
  private ImageFetcher pinnedFetcher() {
    return pinnedFetcher(HttpsClients::defaultContext);
  }

  private ImageFetcher pinnedFetcher(HttpsClients.Contexts tls) {
    UrlGuard.Resolver table =
        host -> {
          lookups.add(host);
          String ip =
              switch (host) {
                case "images.test", "other.test" -> "127.0.0.1";
                case "metadata.test" -> "169.254.169.254";
                default -> throw new java.net.UnknownHostException(host);
              };
          return new InetAddress[] {InetAddress.getByName(ip)};
        };
    FetchConfig config =
        FetchConfig.defaults(List.of(root))
            .withAllowedRanges(List.of("127.0.0.1/32"))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), 0, Duration.ofMillis(50));
    return new ImageFetcher(config, new UrlGuard(table, config.allowedRanges()), sleeps::add, tls);
  }

  private static ImageFetchException failure(ImageFetcher f, String uri) {
    return assertThrows(ImageFetchException.class, () -> f.fetch(uri));
  }

  @Test
  void readsFileInsideRoot() throws IOException {
    Path p = Files.write(root.resolve("a.png"), PNG);
    assertArrayEquals(
        PNG, fetcher(FetchConfig.defaults(List.of(root))).fetch(p.toUri().toString()).bytes());
  }

  @Test
  void rejectsFileOutsideRoots() throws IOException {
    Path p = Files.write(elsewhere.resolve("a.png"), PNG);
    ImageFetchException e =
        failure(fetcher(FetchConfig.defaults(List.of(root))), p.toUri().toString());
    assertEquals("outside-roots", e.reason());
  }

  @Test
  void rejectsDotDotEscapeFromRoot() throws IOException {
    Files.write(elsewhere.resolve("a.png"), PNG);
    String uri = root.toUri() + "../" + elsewhere.getFileName() + "/a.png";
    assertEquals(
        "outside-roots", failure(fetcher(FetchConfig.defaults(List.of(root))), uri).reason());
  }

  @Test
  void rejectsSymlinkPointingOutOfRoot() throws IOException {
    Path target = Files.write(elsewhere.resolve("secret.png"), PNG);
    Path link = Files.createSymbolicLink(root.resolve("link.png"), target);
    try {
      assertEquals(
          "outside-roots",
          failure(fetcher(FetchConfig.defaults(List.of(root))), link.toUri().toString()).reason());
    } finally {
      Files.delete(link); // JUnit warns about links leaving its temp dir
    }
  }

  @Test
  void refusesAllFilesWhenNoRootIsConfigured() throws IOException {
    Path p = Files.write(root.resolve("a.png"), PNG);
    ImageFetchException e = failure(fetcher(FetchConfig.defaults(List.of())), p.toUri().toString());
    assertEquals("outside-roots", e.reason());
    assertEquals("file: URIs are disabled (no file roots configured)", e.getMessage());
  }

  @Test
  void reportsMissingFileAsNotFound() {
    ImageFetchException e =
        failure(
            fetcher(FetchConfig.defaults(List.of(root))),
            root.resolve("nope.png").toUri().toString());
    assertEquals(Stage.FETCH, e.stage());
    assertEquals("not-found", e.reason());
  }

  @Test
  void rejectsUnsupportedScheme() {
    ImageFetchException e = failure(httpFetcher(), "ftp://example.org/a.png");
    assertEquals(Stage.VALIDATE, e.stage());
    assertEquals("unsupported-scheme", e.reason());
  }

  @Test
  void fetchesOverHttp() {
    ImageFetcher.Fetched f = httpFetcher().fetch(base + "/ok.png");
    assertArrayEquals(PNG, f.bytes());
    assertEquals(1, f.attempts());
  }

  @Test
  void doesNotRetryNotFound() {
    ImageFetchException e = failure(httpFetcher(), base + "/missing.png");
    assertEquals("not-found", e.reason());
    assertEquals(1, e.attempts());
    assertEquals(List.of(), sleeps);
  }

  @Test
  void retriesServiceUnavailableWithBackoff() {
    assertEquals(2, httpFetcher().fetch(base + "/flaky.png").attempts());
    assertEquals(List.of(Duration.ofMillis(50)), sleeps);
  }

  @Test
  void givesUpAfterRetriesWithDoublingBackoff() {
    ImageFetchException e = failure(httpFetcher(), base + "/down.png");
    assertEquals("http-503", e.reason());
    assertEquals(3, e.attempts());
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), sleeps);
  }

  @Test
  void timesOutSlowServer() {
    ImageFetchException e = failure(httpFetcher(), base + "/slow.png");
    assertEquals("timeout", e.reason());
    assertEquals(3, e.attempts());
  }

  @Test
  void rejectsDeclaredBodyOverLimit() {
    assertEquals("too-large", failure(httpFetcher(), base + "/big.png").reason());
  }

  @Test
  void rejectsStreamedBodyOverLimit() {
    assertEquals("too-large", failure(httpFetcher(), base + "/chunked.png").reason());
  }

  @Test
  void followsRelativeRedirect() {
    assertArrayEquals(PNG, httpFetcher().fetch(base + "/to-ok").bytes());
  }

  @Test
  void rejectsMetadataAddressAfterRedirect() {
    ImageFetchException e = failure(httpFetcher(), base + "/to-metadata");
    assertEquals("forbidden-address", e.reason());
    assertEquals(
        "169.254.169.254 resolves to 169.254.169.254 (link-local), which is not allowed",
        e.getMessage());
  }

  @Test
  void rejectsLoopbackAddressWhenNotAllowed() {
    ImageFetcher strict = fetcher(FetchConfig.defaults(List.of(root)));
    assertEquals("forbidden-address", failure(strict, base + "/ok.png").reason());
  }

  @Test
  void rejectsRedirectLoop() {
    assertEquals("too-many-redirects", failure(httpFetcher(), base + "/loop").reason());
  }

  @Test
  void rejectsRedirectToFileScheme() {
    assertEquals("unsupported-scheme", failure(httpFetcher(), base + "/to-file").reason());
  }

  @Test
  void connectsToTheGuardsAddressAndSendsTheOriginalHostName() {
    int port = server.getAddress().getPort();
    assertArrayEquals(
        PNG, pinnedFetcher().fetch("http://images.test:" + port + "/host.png").bytes());
    assertEquals(List.of("images.test:" + port), hosts);
    assertEquals(
        List.of("images.test"), lookups); // one lookup, the guard's: nothing left to rebind
  }

  @Test
  void pinsEachRedirectHopToItsOwnGuardedAddress() {
    int port = server.getAddress().getPort();
    assertArrayEquals(
        PNG, pinnedFetcher().fetch("http://images.test:" + port + "/to-other-name").bytes());
    assertEquals(List.of("images.test:" + port, "other.test:" + port), hosts);
    assertEquals(List.of("images.test", "other.test"), lookups);
  }

  @Test
  void rejectsRedirectToNameResolvingToMetadataAddress() {
    ImageFetchException e =
        failure(
            pinnedFetcher(),
            "http://images.test:" + server.getAddress().getPort() + "/to-metadata-name");
    assertEquals("forbidden-address", e.reason());
    assertEquals(
        "metadata.test resolves to 169.254.169.254 (link-local), which is not allowed",
        e.getMessage());
  }

  @Test
  void namesTheUrlAsGivenWhenThePinnedConnectionFails() throws IOException {
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ImageFetchException e = failure(pinnedFetcher(), "http://images.test:" + closedPort + "/a.png");
    assertEquals("connection-failed", e.reason());
    assertEquals(
        true,
        e.getMessage().startsWith("cannot connect to http://images.test:" + closedPort + "/a.png"),
        e.getMessage());
  }

  @Test
  void fetchesHttpsFromTheGuardsAddressWithTheHostNameInSniAndTheCertificateCheck()
      throws Exception {
    try (TlsTestServer tls = new TlsTestServer(elsewhere, "images.test", PNG)) {
      ImageFetcher f = pinnedFetcher(tls::clientContext);
      assertArrayEquals(PNG, f.fetch("https://images.test:" + tls.port() + "/a.png").bytes());
      assertEquals(List.of("images.test:" + tls.port()), tls.hosts);
      assertEquals(List.of("images.test"), tls.sniNames);
      assertEquals(
          List.of("images.test"),
          lookups); // images.test is in no DNS: only the pinned address works
    }
  }

  @Test
  void rejectsCertificateThatDoesNotNameTheHostEvenAtTheSameAddress() throws Exception {
    try (TlsTestServer tls = new TlsTestServer(elsewhere, "images.test", PNG)) {
      ImageFetcher f = pinnedFetcher(tls::clientContext);
      f.fetch(
          "https://images.test:" + tls.port() + "/a.png"); // a session for images.test now exists
      ImageFetchException e = failure(f, "https://other.test:" + tls.port() + "/a.png");
      assertEquals("untrusted-certificate", e.reason());
      assertEquals(1, e.attempts());
      assertEquals(
          List.of("images.test:" + tls.port()),
          tls.hosts); // no request reached the server as other.test
    }
  }
}
