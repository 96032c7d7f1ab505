package dev.tagstream.core.images;

import dev.tagstream.core.files.AllowedRoots;
import dev.tagstream.core.images.ImageFetchException.Stage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets an image's bytes from a file: URI (inside the configured roots only) or an http(s): URL
 * (guarded against request forgery at every hop and connected to the very address the guard
 * approved, bounded in time and size, redirects followed by hand so each target is checked).
 * Transient errors are retried with exponential backoff; everything else fails at once. The one
 * fetching rule of the worker (scoring) and the trainer (training and evaluation), so an image one
 * of them may read the other may too. Thread-safe.
 */
public final class ImageFetcher implements AutoCloseable {
  /** Waiting between attempts; injectable so tests do not sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** The bytes and how many attempts they took. */
  public record Fetched(byte[] bytes, int attempts) {}

  private final FetchConfig config;
  private final UrlGuard guard;
  private final Sleeper sleeper;
  private final AllowedRoots roots;
  private final HttpClient http;
  private final HttpsClients https;

  static {
    HostHeader
        .allow(); // before this class's first use of java.net.http, in case the service's start did
    // not
  }

  ImageFetcher(FetchConfig config, UrlGuard guard, Sleeper sleeper) {
    this(config, guard, sleeper, HttpsClients::defaultContext);
  }

  ImageFetcher(FetchConfig config, UrlGuard guard, Sleeper sleeper, HttpsClients.Contexts tls) {
    this.config = config;
    this.guard = guard;
    this.sleeper = sleeper;
    this.roots = new AllowedRoots(config.fileRoots());
    HostHeader.require();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER) // each hop must pass the guard
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.https = new HttpsClients(tls, config.connectTimeout());
  }

  public static ImageFetcher create(FetchConfig config) {
    return new ImageFetcher(
        config, UrlGuard.system(config.allowedRanges()), d -> Thread.sleep(d.toMillis()));
  }

  public Fetched fetch(String uriText) {
    URI uri;
    try {
      uri = new URI(uriText);
    } catch (java.net.URISyntaxException e) {
      throw ImageFetchException.poison(Stage.VALIDATE, "malformed-uri", e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> new Fetched(readFile(uri), 1);
      case "http", "https" -> withRetries(uri);
      default ->
          throw ImageFetchException.poison(
              Stage.VALIDATE,
              "unsupported-scheme",
              "scheme '" + scheme + "' is not supported (file, http, https)");
    };
  }

  private byte[] readFile(URI uri) {
    Path path;
    try {
      path = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw ImageFetchException.poison(
          Stage.VALIDATE, "malformed-uri", "not a local file URI: " + e.getMessage());
    }
    Path real;
    try {
      real = roots.realFile(path);
    } catch (AllowedRoots.RefusedPath e) {
      throw switch (e.refusal()) {
        case OUTSIDE -> outside(path);
        case MISSING ->
            ImageFetchException.poison(Stage.FETCH, "not-found", "no such file " + path);
        case NOT_REGULAR ->
            ImageFetchException.poison(Stage.FETCH, "not-found", path + " is not a regular file");
        case UNREADABLE ->
            ImageFetchException.poison(
                Stage.FETCH, "io-error", "cannot read " + path + ": " + e.getCause());
      };
    }
    try {
      long size = Files.size(real);
      if (size > config.maxBytes()) {
        throw tooLarge(size + " bytes");
      }
      return Files.readAllBytes(real);
    } catch (NoSuchFileException e) {
      throw ImageFetchException.poison(Stage.FETCH, "not-found", "no such file " + path);
    } catch (IOException e) {
      throw ImageFetchException.poison(Stage.FETCH, "io-error", "cannot read " + path + ": " + e);
    }
  }

  private ImageFetchException outside(Path p) {
    return ImageFetchException.poison(
        Stage.FETCH,
        "outside-roots",
        roots.roots().isEmpty()
            ? "file: URIs are disabled (no file roots configured)"
            : p + " is outside the allowed roots " + roots.roots());
  }

  private ImageFetchException tooLarge(String what) {
    return ImageFetchException.poison(
        Stage.FETCH, "too-large", what + " exceed the limit of " + config.maxBytes());
  }

  private Fetched withRetries(URI uri) {
    for (int attempt = 1; ; attempt++) {
      try {
        return new Fetched(httpOnce(uri), attempt);
      } catch (ImageFetchException e) {
        if (!e.retriable() || attempt > config.retries()) {
          throw e.afterAttempts(attempt);
        }
        try {
          sleeper.sleep(config.backoff().multipliedBy(1L << (attempt - 1)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e.afterAttempts(attempt);
        }
      }
    }
  }

  private byte[] httpOnce(URI start) {
    URI current = start;
    for (int hop = 0; ; hop++) {
      InetAddress approved = guard.check(current)[0];
      HttpResponse<byte[]> response = send(current, approved);
      int code = response.statusCode();
      if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
        if (hop >= config.maxRedirects()) {
          throw ImageFetchException.poison(
              Stage.FETCH,
              "too-many-redirects",
              "more than " + config.maxRedirects() + " redirects from " + start);
        }
        URI from = current;
        String location =
            response
                .headers()
                .firstValue("location")
                .orElseThrow(
                    () ->
                        ImageFetchException.poison(
                            Stage.FETCH,
                            "bad-redirect",
                            code + " without a Location from " + from));
        current =
            redirectTarget(current, location); // guarded, and pinned, afresh at the top of the loop
        continue;
      }
      if (code == 404 || code == 410) {
        throw ImageFetchException.poison(
            Stage.FETCH, "not-found", "HTTP " + code + " from " + current);
      }
      if (code == 408 || code == 429 || code >= 500) {
        throw ImageFetchException.transientFailure(
            Stage.FETCH, "http-" + code, "HTTP " + code + " from " + current, null);
      }
      if (code < 200 || code >= 300) {
        throw ImageFetchException.poison(
            Stage.FETCH, "http-" + code, "HTTP " + code + " from " + current);
      }
      return response.body();
    }
  }

  /**
   * Every request goes to the approved address itself, so there is no second lookup for a DNS
   * server to answer differently (rebinding); the URL's host travels in the Host header and, for
   * https, in SNI and the certificate check (see HttpsClients). https to an address literal needs
   * no lookup and uses the plain client.
   */
  private HttpResponse<byte[]> send(URI uri, InetAddress approved) {
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    if (tls && isLiteral(uri.getHost())) {
      return send(
          http,
          HttpRequest.newBuilder(uri)
              .timeout(config.timeout())
              .header("Accept", "image/*")
              .GET()
              .build(),
          uri);
    }
    HttpClient client = tls ? https.forHost(uri.getHost()) : http;
    return send(client, PinnedRequest.of(uri, approved, config.timeout()), uri);
  }

  private static boolean isLiteral(String host) {
    return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static URI redirectTarget(URI from, String location) {
    URI next;
    try {
      next = from.resolve(new URI(location));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw ImageFetchException.poison(
          Stage.FETCH, "bad-redirect", "unparseable Location '" + location + "'");
    }
    String s = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!s.equals("http") && !s.equals("https")) {
      throw ImageFetchException.poison(
          Stage.FETCH, "unsupported-scheme", "redirect to scheme '" + s + "'");
    }
    return next;
  }

  private HttpResponse<byte[]> send(HttpClient client, HttpRequest request, URI shown) {
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(request, LimitedBody.handler(config.maxBytes()));
    try {
      // the request timeout covers the headers only; this bounds the body too
      return f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw timeout(shown, e);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw ImageFetchException.transientFailure(
          Stage.FETCH, "interrupted", "interrupted fetching " + shown, e);
    } catch (ExecutionException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof LimitedBody.TooLargeException) {
          throw tooLarge(c.getMessage());
        }
        if (c instanceof HttpTimeoutException) {
          throw timeout(shown, c);
        }
        if (c instanceof java.security.cert.CertificateException) {
          // not valid for this host name (or not trusted): asking again will not change the
          // certificate
          throw ImageFetchException.poison(
              Stage.FETCH,
              "untrusted-certificate",
              "TLS certificate of " + shown.getHost() + " rejected: " + c.getMessage());
        }
        if (c instanceof ConnectException) {
          throw ImageFetchException.transientFailure(
              Stage.FETCH, "connection-failed", "cannot connect to " + shown + ": " + c, c);
        }
      }
      throw ImageFetchException.transientFailure(
          Stage.FETCH, "io-error", shown + ": " + e.getCause(), e.getCause());
    }
  }

  private ImageFetchException timeout(URI shown, Throwable cause) {
    return ImageFetchException.transientFailure(
        Stage.FETCH,
        "timeout",
        "no complete response from " + shown + " within " + config.timeout().toMillis() + " ms",
        cause);
  }

  @Override
  public void close() {
    // HttpClient is AutoCloseable only from Java 21; its threads are daemons and end with it being
    // unreachable
  }
}
