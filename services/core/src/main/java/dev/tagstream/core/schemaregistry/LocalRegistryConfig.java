package dev.tagstream.core.schemaregistry;

import dev.tagstream.contracts.SchemaRegistryClient.Credentials;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a {@link LocalRegistry}: where its output goes, the login it requires (null: none),
 * and whether a tarball missing from the local Maven repository is fetched (its progress printed to
 * {@code progress}) or named in the failure.
 */
public record LocalRegistryConfig(
    Path log, Credentials login, boolean fetchIfMissing, PrintStream progress) {
  public LocalRegistryConfig {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(progress, "progress");
    if (login != null && !login.user().matches("[A-Za-z0-9_-]+")) {
      // The user name becomes part of a configuration key of the registry's embedded user list.
      throw new IllegalArgumentException("a local registry's user must be letters, digits, _ or -");
    }
  }

  /** A registry without login whose tarball must already be in the local Maven repository. */
  public static LocalRegistryConfig open(Path log) {
    return new LocalRegistryConfig(log, null, false, System.err);
  }

  public LocalRegistryConfig withLogin(Credentials login) {
    return new LocalRegistryConfig(log, login, fetchIfMissing, progress);
  }
}
