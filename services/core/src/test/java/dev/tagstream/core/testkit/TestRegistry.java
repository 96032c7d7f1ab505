package dev.tagstream.core.testkit;

import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.ValueEncoding.Format;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.images.HostHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The real schema registry for integration tests: Apicurio Registry 3.0.9 (from Maven Central, the
 * {@code -all} tarball) as a child process with in-memory storage, serving the Confluent API under
 * {@code /apis/ccompat/v7}. One per test JVM, started on first use (6-18 s), stopped at exit.
 * {@code .ci/run} fetches the tarball.
 */
public final class TestRegistry {
  static final String VERSION = "3.0.9";
  static final String FETCH =
      "mvn -B dependency:get -Dartifact=io.apicurio:apicurio-registry-app:"
          + VERSION
          + ":tar.gz:all -Dtransitive=false";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static String url;

  private TestRegistry() {}

  /**
   * The Confluent-API root of the running registry, e.g. {@code
   * http://127.0.0.1:PORT/apis/ccompat/v7}.
   */
  public static synchronized String url() {
    if (url == null) {
      url = start();
    }
    return url;
  }

  /** Writes the registry wire format through the test registry. */
  public static SerdeConfig registryMode() {
    return new SerdeConfig(Format.REGISTRY, URI.create(url()), null);
  }

  /** Writes single-object values, reads both through the test registry (a topic in migration). */
  public static SerdeConfig readerMode() {
    return new SerdeConfig(Format.SINGLE_OBJECT, URI.create(url()), null);
  }

  public static SchemaRegistryClient client() {
    return new SchemaRegistryClient(URI.create(url()), null);
  }

  private static String start() {
    HostHeader.allow(); // as the services do before their first java.net.http use (see HostHeader)
    Path jar = unpacked().resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
    int port = freePort();
    Path log = Path.of("target", "apicurio-registry.log").toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx256m",
                      "-XX:TieredStopAtLevel=1",
                      "-Dquarkus.http.host=127.0.0.1",
                      "-Dquarkus.http.port=" + port,
                      // Re-registering the same schema keeps its id (the Confluent registry's
                      // behaviour).
                      "-Dapicurio.ccompat.use-canonical-hash=true",
                      "-jar",
                      jar.toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Apicurio Registry from " + jar, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    String root = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    waitUntilServing(p, root, log);
    return root;
  }

  private static void waitUntilServing(Process p, String root, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "Apicurio Registry exited with " + p.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(root + "/config"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
      }
      sleep(200);
    }
    p.destroy();
    throw new IllegalStateException(
        "Apicurio Registry did not serve " + root + " within " + START_TIMEOUT + "; see " + log);
  }

  /**
   * The tarball from the local Maven repository, unpacked once per machine into the temp directory
   * (115 MB, so not once per module), atomically by rename: concurrent test JVMs either win the
   * rename or use the winner's copy.
   */
  private static Path unpacked() {
    Path repo =
        Path.of(
            System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    Path tarball =
        repo.resolve(
            Path.of(
                "io",
                "apicurio",
                "apicurio-registry-app",
                VERSION,
                "apicurio-registry-app-" + VERSION + "-all.tar.gz"));
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Apicurio Registry "
              + VERSION
              + " is not in "
              + repo
              + "; fetch it with: "
              + FETCH
              + " (.ci/run does)");
    }
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tagstream-apicurio-" + VERSION);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      Path tmp = Files.createTempDirectory(dir.getParent(), "tagstream-apicurio-unpack");
      Process tar =
          new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", tmp.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(tar.getInputStream().readAllBytes());
      if (tar.waitFor() != 0) {
        throw new IllegalStateException("cannot unpack " + tarball + ": " + out);
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        deleteTree(tmp); // another JVM unpacked it first
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + tarball, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + tarball, e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
