package dev.tagstream.core.config;

import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import dev.tagstream.contracts.ValueEncoding.Format;
import java.net.URI;
import java.util.Objects;

/**
 * How a process encodes topic values and where its schema registry is ({@code registryUrl} null: none; readers then
 * accept only single-object values). {@code credentials} may be null; its toString masks the password.
 */
public record SerdeConfig(Format writes, URI registryUrl, Credentials credentials) {
  /** The embedded default: single-object encoding, no registry. */
  public static final SerdeConfig SINGLE_OBJECT = new SerdeConfig(Format.SINGLE_OBJECT, null, null);

  public SerdeConfig {
    Objects.requireNonNull(writes, "writes");
    if (writes == Format.REGISTRY && registryUrl == null) {
      throw new ConfigException("serde=registry needs schema-registry-url (the registry's Confluent-API root)");
    }
  }
}
