package dev.tagstream.core.testkit;

import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import dev.tagstream.contracts.ValueEncoding.Format;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.schemaregistry.LocalRegistry;
import dev.tagstream.core.schemaregistry.LocalRegistryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real schema registry for integration tests: a {@link LocalRegistry} (Apicurio Registry 3.0.9
 * with in-memory storage), one per test JVM, started on first use and stopped at exit. {@code
 * .ci/run} fetches its tarball; a test run never does.
 */
public final class TestRegistry {
  private static final Pattern ID_LOOKUPS_4XX =
      Pattern.compile(
          "rest_requests_seconds_count\\{method=\"GET\",path=\"/apis/ccompat/v7/schemas/ids/\\{id}\","
              + "status_code_group=\"4xx\"} ([0-9.E]+)");

  private static LocalRegistry shared;

  private TestRegistry() {}

  /**
   * The Confluent-API root of the running registry, e.g. {@code
   * http://127.0.0.1:PORT/apis/ccompat/v7}.
   */
  public static synchronized String url() {
    if (shared == null) {
      shared = LocalRegistry.start(LocalRegistryConfig.open(log("apicurio-registry.log")));
    }
    return shared.url().toString();
  }

  /**
   * A registry of its own that requires HTTP basic authentication with {@code login}; the caller
   * closes it.
   */
  public static LocalRegistry startWithLogin(Credentials login) {
    return LocalRegistry.start(
        LocalRegistryConfig.open(log("apicurio-registry-login.log")).withLogin(login));
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

  /**
   * How many {@code GET /schemas/ids/{id}} calls the shared registry has answered with a 4xx (an
   * unknown id), by its own Prometheus metrics: what a test of a client-side cache can count.
   */
  public static long idLookupsAnswered4xx() throws IOException, InterruptedException {
    URI metrics = URI.create(url()).resolve("/metrics");
    String body =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = ID_LOOKUPS_4XX.matcher(body);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private static Path log(String name) {
    return Path.of("target", name).toAbsolutePath();
  }
}
