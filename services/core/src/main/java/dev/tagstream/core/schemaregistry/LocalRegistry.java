package dev.tagstream.core.schemaregistry;

import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import dev.tagstream.core.images.HostHeader;
import dev.tagstream.core.net.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A schema registry for the demo and the tests: Apicurio Registry ({@link ApicurioDistribution}) as
 * a child process on a free loopback port, with in-memory storage, serving the Confluent API under
 * {@code /apis/ccompat/v7}. {@link #start} returns once it serves (6-18 s, about 250 MB); {@link
 * #close} stops it, and so does a shutdown hook when the JVM ends first (Ctrl-C); a JVM killed
 * outright takes it along too ({@link DiesWithThisJvm}).
 */
public final class LocalRegistry implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final URI url;
  private final Thread stopAtExit;

  private LocalRegistry(Process process, URI url) {
    this.process = process;
    this.url = url;
    this.stopAtExit = new Thread(this::stop, "local-registry-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Starts a registry and waits until it serves; throws {@link LocalRegistryException}. */
  public static LocalRegistry start(LocalRegistryConfig config) {
    HostHeader.allow(); // as the services do before their first java.net.http use (see HostHeader)
    Path jar = ApicurioDistribution.runnerJar(config.fetchIfMissing(), config.progress());
    int port;
    Path login = null;
    try {
      port = FreePorts.take(1, 0)[0];
      Files.createDirectories(config.log().toAbsolutePath().getParent());
      if (config.login() != null) {
        login = loginFile(config.login());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // Re-registering the same schema keeps its id (the Confluent registry's behaviour).
                "-Dapicurio.ccompat.use-canonical-hash=true"));
    if (login != null) {
      cmd.add("-Dquarkus.config.locations=" + login);
    }
    cmd.addAll(List.of("-jar", jar.toString()));
    Process p;
    try {
      p =
          new ProcessBuilder(DiesWithThisJvm.command(cmd))
              .redirectErrorStream(true)
              .redirectOutput(config.log().toFile())
              .start();
    } catch (IOException e) {
      throw new LocalRegistryException(
          "cannot start Apicurio Registry from " + jar + ": " + e.getMessage());
    }
    LocalRegistry registry =
        new LocalRegistry(p, URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7"));
    try {
      registry.awaitServing(config.login(), config.log());
      return registry;
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    } finally {
      deleteQuietly(login); // read at start; the password need not stay on disk
    }
  }

  /** The Confluent-API root, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public URI url() {
    return url;
  }

  /** Stops the registry (its schemas are gone: storage is in memory). */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (harmlessly) anyway
    }
  }

  private void stop() {
    DiesWithThisJvm.stop(process, STOP_TIMEOUT);
  }

  /**
   * Apicurio without Keycloak: Quarkus's embedded user list (compiled into the 3.0.9 build) and
   * HTTP basic authentication required on every API path. Written to an owner-only file, not the
   * command line, so the password is not in the process list.
   */
  private static Path loginFile(Credentials login) throws IOException {
    Path f =
        Files.createTempFile(
            "tagstream-registry-login",
            ".properties",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Properties p = new Properties();
    p.setProperty("quarkus.http.auth.basic", "true");
    p.setProperty("quarkus.security.users.embedded.plain-text", "true");
    p.setProperty("quarkus.security.users.embedded.users." + login.user(), login.password());
    p.setProperty("quarkus.http.auth.permission.apis.paths", "/apis/*");
    p.setProperty("quarkus.http.auth.permission.apis.policy", "authenticated");
    try (OutputStream out = Files.newOutputStream(f)) {
      p.store(out, null);
    }
    return f;
  }

  private void awaitServing(Credentials login, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest.Builder probe =
        HttpRequest.newBuilder(URI.create(url + "/config")).timeout(Duration.ofSeconds(2));
    if (login != null) {
      probe.header("Authorization", login.authorization());
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new LocalRegistryException(
            "Apicurio Registry exited with " + process.exitValue() + " before serving; see " + log);
      }
      try {
        if (http.send(probe.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocalRegistryException("interrupted while waiting for Apicurio Registry");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocalRegistryException("interrupted while waiting for Apicurio Registry");
      }
    }
    throw new LocalRegistryException(
        "Apicurio Registry did not serve " + url + " within " + START_TIMEOUT + "; see " + log);
  }

  private static void deleteQuietly(Path f) {
    if (f != null) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // a temp file; the OS cleans it up
      }
    }
  }
}
