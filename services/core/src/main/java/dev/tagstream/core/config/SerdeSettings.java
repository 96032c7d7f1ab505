package dev.tagstream.core.config;

import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import dev.tagstream.contracts.ValueEncoding.Format;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings every Kafka-facing command shares for the encoding of topic values and the schema
 * registry.
 */
public final class SerdeSettings {
  private SerdeSettings() {}

  public static final Setting SERDE =
      Setting.of(
          "serde",
          "single-object",
          "Encoding written to every topic: single-object (Avro single-object encoding, no registry needed) or registry "
              + "(Schema Registry wire format: 0x00, schema id, Avro; needs schema-registry-url; each topic's schema is "
              + "registered as <topic>-value at start, and an incompatible change stops the start). Readers accept both.");
  public static final Setting URL =
      Setting.of(
          "schema-registry-url",
          null,
          "Root of a schema registry's Confluent REST API, e.g. http://host:8081 (Confluent, Karapace) or "
              + "http://host:8080/apis/ccompat/v7 (Apicurio). Set with serde=single-object, readers still decode "
              + "registry-format values (a topic in migration).");
  public static final Setting USER =
      Setting.of(
          "schema-registry-user",
          null,
          "User for HTTP basic authentication to the schema registry.");
  public static final Setting PASSWORD =
      Setting.of(
          "schema-registry-password",
          null,
          "Password for schema-registry-user; file:PATH reads it from that file. Never logged, masked by config.");

  public static List<Setting> all() {
    return List.of(SERDE, URL, USER, PASSWORD);
  }

  /**
   * For a command that starts a local registry when none is named (the demo): empty when {@code
   * serde=registry} comes without {@code schema-registry-url}, else what {@link #read} gives.
   */
  public static Optional<SerdeConfig> readUnlessLocal(Settings s) {
    if (format(s) != Format.REGISTRY || s.stringOrNull(URL) != null) {
      return Optional.of(read(s));
    }
    if (s.stringOrNull(USER) != null || s.stringOrNull(PASSWORD) != null) {
      throw new ConfigException(
          USER.key()
              + " and "
              + PASSWORD.key()
              + " are for the registry at "
              + URL.key()
              + "; without it a local registry starts, which asks for no login");
    }
    return Optional.empty();
  }

  private static Format format(Settings s) {
    String serde = s.stringOrNull(SERDE);
    return switch (serde == null ? "single-object" : serde.trim().toLowerCase(Locale.ROOT)) {
      case "single-object" -> Format.SINGLE_OBJECT;
      case "registry" -> Format.REGISTRY;
      default -> throw s.invalid(SERDE, "must be single-object or registry");
    };
  }

  /** What a command that only reads needs: the registry, to resolve schema ids. */
  public static List<Setting> readerSettings() {
    return List.of(URL, USER, PASSWORD);
  }

  /** Reads the settings this command lists (unlisted ones count as unset); fails naming the key. */
  public static SerdeConfig read(Settings s) {
    Format writes = format(s);
    String url = s.stringOrNull(URL);
    URI uri = null;
    if (url != null) {
      try {
        uri = new URI(url.trim());
      } catch (URISyntaxException e) {
        throw s.invalid(URL, "is not a URL: " + e.getMessage());
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw s.invalid(URL, "must be an http:// or https:// URL");
      }
    }
    String user = s.stringOrNull(USER);
    String password = s.stringOrNull(PASSWORD);
    password =
        password == null
            ? null
            : ClientPropertySources.resolve(
                PASSWORD.key(), password.trim(), s.origin(PASSWORD.key()));
    if ((user == null) != (password == null)) {
      throw new ConfigException(
          user == null
              ? PASSWORD.key() + " is set but " + USER.key() + " is not"
              : USER.key()
                  + " is set but "
                  + PASSWORD.key()
                  + " is not: set it (or "
                  + PASSWORD.env()
                  + ")");
    }
    if (writes == Format.REGISTRY && uri == null) {
      throw new ConfigException(
          SERDE.key() + "=registry needs " + URL.key() + " (or " + URL.env() + ")");
    }
    return new SerdeConfig(writes, uri, user == null ? null : new Credentials(user, password));
  }
}
