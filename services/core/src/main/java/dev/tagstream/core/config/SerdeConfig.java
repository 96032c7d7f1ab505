package dev.tagstream.core.config;

import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import dev.tagstream.contracts.ValueEncoding.Format;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a process encodes topic values and where its schema registry is ({@code registryUrl} null:
 * none; readers then accept only single-object values). {@code credentials} may be null; its
 * toString masks the password.
 */
public record SerdeConfig(Format writes, URI registryUrl, Credentials credentials) {
  /** The embedded default: single-object encoding, no registry. */
  public static final SerdeConfig SINGLE_OBJECT = new SerdeConfig(Format.SINGLE_OBJECT, null, null);

  public SerdeConfig {
    Objects.requireNonNull(writes, "writes");
    if (writes == Format.REGISTRY && registryUrl == null) {
      throw new ConfigException(
          "serde=registry needs schema-registry-url (the registry's Confluent-API root)");
    }
  }

  /**
   * The settings in effect, the password as {@link ClientProperties#MASK}: what {@code config} may
   * print.
   */
  public Map<String, String> masked() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SerdeSettings.SERDE.key(), writes == Format.REGISTRY ? "registry" : "single-object");
    if (registryUrl != null) {
      m.put(SerdeSettings.URL.key(), registryUrl.toString());
    }
    if (credentials != null) {
      m.put(SerdeSettings.USER.key(), credentials.user());
      m.put(SerdeSettings.PASSWORD.key(), ClientProperties.MASK);
    }
    return m;
  }
}
