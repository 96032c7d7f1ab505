package dev.tagstream.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, and only of the calls every implementation
 * serves (Confluent, Apicurio's {@code /apis/ccompat/v7}, Karapace): register, schema by id,
 * compatibility level and compatibility check. Ids are cached both ways, so each schema costs one
 * call per process; an id the registry does not know is remembered for a while ({@link
 * UnknownSchemaIds}), so records naming it do not cost a call each.
 */
public final class SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Basic-auth credentials; {@link #toString} never shows the password. */
  public record Credentials(String user, String password) {
    /** The HTTP basic-authentication header value: "Basic " + base64(user ":" password). */
    public String authorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=****]";
    }
  }

  private final String base;
  private final String authorization;
  private final String user;
  private final UnknownSchemaIds unknown;
  private final HttpClient http;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  /**
   * {@code url} is the API root, e.g. {@code http://host:8080/apis/ccompat/v7}; credentials may be
   * null.
   */
  public SchemaRegistryClient(URI url, Credentials credentials) {
    this(url, credentials, UnknownSchemaIds.withDefaults());
  }

  /** As above, remembering unknown ids in {@code unknown}. */
  public SchemaRegistryClient(URI url, Credentials credentials, UnknownSchemaIds unknown) {
    this.unknown = unknown;
    this.user = credentials == null ? null : credentials.user();
    String u = url.toString();
    this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    this.authorization = credentials == null ? null : credentials.authorization();
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The API root this client talks to. */
  public String url() {
    return base;
  }

  /**
   * Registers {@code schema} under {@code subject} (a no-op answer with the same id if already
   * there).
   */
  public int register(String subject, Schema schema) {
    String key = subject + '\n' + schema;
    Integer known = ids.get(key);
    if (known != null) {
      return known;
    }
    JsonNode answer =
        call(subject, "POST", "/subjects/" + path(subject) + "/versions", body(schema));
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new RegistryException(subject, 200, "registry answered without an id: " + answer, null);
    }
    ids.put(key, id);
    schemas.putIfAbsent(id, schema);
    return id;
  }

  /** The subject's version numbers, oldest first; empty when the subject does not exist. */
  public List<Integer> versions(String subject) {
    try {
      List<Integer> out = new ArrayList<>();
      call(subject, "GET", "/subjects/" + path(subject) + "/versions", null)
          .forEach(v -> out.add(v.asInt()));
      return List.copyOf(out);
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * The schema registered with {@code id}. Throws {@link RegistryException} with status 404 when
   * the registry does not know it, without asking again within {@link UnknownSchemaIds#ttl()}.
   */
  public Schema schema(int id) {
    Schema known = schemas.get(id);
    if (known != null) {
      return known;
    }
    String subject = "schema id " + id;
    if (unknown.contains(id)) {
      throw new RegistryException(
          subject,
          404,
          "schema registry at "
              + base
              + " answered 404 for schema id "
              + id
              + " less than "
              + unknown.ttl().toSeconds()
              + " s ago",
          null);
    }
    JsonNode answer;
    try {
      answer = call(subject, "GET", "/schemas/ids/" + id, null);
    } catch (RegistryException e) {
      if (e.status() == 404) {
        unknown.add(id); // only a definite "no": an unreachable or failing registry is asked again
      }
      throw e;
    }
    Schema parsed = new Schema.Parser().parse(answer.path("schema").asText());
    Schema raced = schemas.putIfAbsent(id, parsed);
    return raced == null ? parsed : raced;
  }

  /**
   * Whether {@code schema} may follow the subject's latest version under the subject's
   * compatibility level.
   */
  public boolean isCompatible(String subject, Schema schema) {
    JsonNode answer =
        call(
            subject,
            "POST",
            "/compatibility/subjects/" + path(subject) + "/versions/latest",
            body(schema));
    return answer.path("is_compatible").asBoolean(false);
  }

  /**
   * The registry's global compatibility level (also a cheap check of the address and credentials).
   */
  public String compatibility() {
    return call("config", "GET", "/config", null).path("compatibilityLevel").asText();
  }

  /** The subject's own compatibility level, empty when it has none. */
  public Optional<String> compatibility(String subject) {
    try {
      return Optional.of(
          call(subject, "GET", "/config/" + path(subject), null)
              .path("compatibilityLevel")
              .asText());
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Sets the subject's compatibility level (BACKWARD, FORWARD, FULL, NONE, ..._TRANSITIVE). */
  public void setCompatibility(String subject, String level) {
    call(
        subject,
        "PUT",
        "/config/" + path(subject),
        JSON.createObjectNode().put("compatibility", level).toString());
  }

  private static String body(Schema schema) {
    // The full schema text, not the parsing canonical form: that form drops defaults and logical
    // types, which
    // the registry's compatibility check and other-language readers need.
    return JSON.createObjectNode()
        .put("schema", schema.toString())
        .put("schemaType", "AVRO")
        .toString();
  }

  private static String path(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  private JsonNode call(String subject, String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", CONTENT_TYPE);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryException(
          subject,
          0,
          "schema registry at " + base + " unreachable (" + method + " " + path + "): " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          subject, 0, "interrupted while calling the schema registry at " + base, e);
    }
    if (r.statusCode() / 100 != 2) {
      String why =
          switch (r.statusCode()) {
            case 401 ->
                "answered 401 (Unauthorized): "
                    + (user == null
                        ? "it requires a login; set schema-registry-user and schema-registry-password"
                        : "it refused the login of user '"
                            + user
                            + "'; check schema-registry-user and schema-registry-password");
            case 403 -> "answered 403 (Forbidden): user '" + user + "' may not make this call";
            default -> "answered " + r.statusCode() + ": " + message(r.body());
          };
      throw new RegistryException(
          subject,
          r.statusCode(),
          "schema registry at " + base + " " + why + " (" + method + " " + path + ")",
          null);
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new RegistryException(
          subject,
          r.statusCode(),
          "schema registry at " + base + " answered no JSON to " + method + " " + path,
          e);
    }
  }

  private static String message(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n.hasNonNull("message") ? n.get("message").asText() : body;
    } catch (IOException e) {
      return body;
    }
  }
}
