package dev.tagstream.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the Kafka client properties of a command, lowest precedence first: the client properties
 * file ({@code --kafka-config}), then {@code kafka.*} keys, then {@code <role>.kafka.*} keys (each
 * key from a flag, an environment variable or the {@code --config} file, in that order). Refuses
 * keys tagstream owns and resolves a secret's {@code file:PATH} value to the file's trimmed
 * content.
 */
final class ClientPropertySources {
  private ClientPropertySources() {}

  static final String FILE_PREFIX = "file:";

  static ClientProperties read(Settings s) {
    Map<String, String> shared = new LinkedHashMap<>();
    Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
    String path = s.stringOrNull(KafkaSettings.KAFKA_CONFIG);
    if (path != null) {
      Properties file = load(Path.of(path));
      for (String k : file.stringPropertyNames()) {
        String origin = "client properties file " + path;
        ClientProperties.requireAllowed(k, origin);
        shared.put(k, resolve(k, file.getProperty(k).trim(), origin));
      }
    }
    s.passThrough()
        .forEach(
            (key, value) -> {
              String property = PassThroughKeys.property(key);
              String role = PassThroughKeys.role(key);
              String origin = s.origin(key);
              ClientProperties.requireAllowed(property, origin);
              String resolved = resolve(property, value.trim(), origin);
              if (role == null) {
                shared.put(property, resolved);
              } else {
                overrides.computeIfAbsent(role, r -> new LinkedHashMap<>()).put(property, resolved);
              }
            });
    return new ClientProperties(shared, overrides, null);
  }

  private static Properties load(Path p) {
    Properties file = new Properties();
    try (Reader r = Files.newBufferedReader(p)) {
      file.load(r);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the Kafka client properties file "
              + p.toAbsolutePath()
              + ": "
              + e.getMessage(),
          e);
    }
    return file;
  }

  /**
   * A secret given as {@code file:PATH} is the file's content (a mounted secret); other values are
   * literal.
   */
  static String resolve(String property, String value, String origin) {
    if (!ClientProperties.isSecret(property) || !value.startsWith(FILE_PREFIX)) {
      return value;
    }
    Path p = Path.of(value.substring(FILE_PREFIX.length()));
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      // The path is not a secret; the content would be, so it is never part of the message.
      throw new ConfigException(
          "cannot read the secret file "
              + p.toAbsolutePath()
              + " for "
              + property
              + " (from "
              + origin
              + "): "
              + e.getClass().getSimpleName(),
          e);
    }
  }
}
