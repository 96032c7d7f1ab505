package dev.tagstream.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open-ended keys that carry Kafka client properties: {@code kafka.<property>} for every client
 * and {@code <role>.kafka.<property>} for one service's. As flags they are {@code
 * --kafka.security.protocol}; as environment variables {@code TAGSTREAM_KAFKA_SECURITY_PROTOCOL} or
 * {@code TAGSTREAM_WORKER_KAFKA_...}, where {@code _} stands for {@code .} and {@code __} for a
 * literal {@code _} (Kafka's own names use dots).
 */
final class PassThroughKeys {
  private PassThroughKeys() {}

  static final String SHARED = "kafka.";
  private static final Pattern KEY =
      Pattern.compile(
          "(?:("
              + String.join("|", ClientProperties.ROLES)
              + ")\\.)?kafka\\.([a-z0-9][a-zA-Z0-9._-]*)");
  private static final Pattern ENV =
      Pattern.compile(
          "TAGSTREAM_(?:("
              + String.join("|", ClientProperties.ROLES).toUpperCase(Locale.ROOT)
              + ")_)?KAFKA_([A-Z0-9][A-Z0-9_]*)");

  static boolean matches(String key) {
    return KEY.matcher(key).matches();
  }

  /** The role of a pass-through key, or null for a shared one. */
  static String role(String key) {
    Matcher m = KEY.matcher(key);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The Kafka property a pass-through key names ({@code worker.kafka.client.id} gives {@code
   * client.id}).
   */
  static String property(String key) {
    Matcher m = KEY.matcher(key);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a pass-through key: " + key);
    }
    return m.group(2);
  }

  /** The pass-through key an environment variable names, or null when it names none. */
  static String fromEnv(String name) {
    Matcher m = ENV.matcher(name);
    if (!m.matches()) {
      return null;
    }
    String property =
        m.group(2)
            .toLowerCase(Locale.ROOT)
            .replace("__", "\0")
            .replace('_', '.')
            .replace('\0', '_');
    return (m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT) + ".")
        + SHARED
        + property;
  }
}
