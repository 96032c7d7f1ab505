package dev.tagstream.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client properties passed through to every producer, consumer, admin and Streams client of
 * one role: {@code shared} (from {@code --kafka-config FILE}, then {@code kafka.*} keys) overlaid
 * by {@code overrides} of the role ({@code <role>.kafka.*}). Values are resolved (a secret's {@code
 * file:} indirection already read); rendering masks secrets, so a log line or error may print this.
 */
public record ClientProperties(
    Map<String, String> shared, Map<String, Map<String, String>> overrides, String role) {
  public static final ClientProperties NONE = new ClientProperties(Map.of(), Map.of(), null);

  /** The services whose clients can be given their own properties with {@code <role>.kafka.*}. */
  public static final List<String> ROLES = List.of("ingest", "worker", "feedback", "trainer");

  /** Shown instead of a secret's value. */
  public static final String MASK = "******";

  /**
   * Keys tagstream sets itself because its guarantees depend on them, with what to do instead.
   * Every key a client builder in {@code KafkaClients} owns is here, so a user's value is refused
   * at start-up, never ignored.
   */
  static final Map<String, String> REFUSED = refused();

  public ClientProperties {
    shared = Map.copyOf(shared);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    overrides.forEach((r, p) -> copy.put(r, Map.copyOf(p)));
    overrides = Map.copyOf(copy);
  }

  private static Map<String, String> refused() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("bootstrap.servers", "set --bootstrap instead");
    String serdes =
        "tagstream reads and writes String keys and raw-byte values and decodes them itself";
    for (String k :
        List.of(
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "default.key.serde",
            "default.value.serde")) {
      r.put(k, serdes);
    }
    r.put(
        "enable.auto.commit", "offsets are committed by tagstream only after the outputs are safe");
    r.put("group.id", "consumer groups are named by the services' own settings");
    r.put(
        "isolation.level",
        "each reader chooses read_committed or read_uncommitted for correctness");
    r.put("acks", "an acknowledged record must be on every in-sync replica (acks=all)");
    r.put("enable.idempotence", "producer retries must never duplicate a record");
    r.put("transactional.id", "exactly-once workers derive it from their group and worker id");
    r.put("application.id", "set the service's application-id setting instead");
    r.put("processing.guarantee", "set the service's processing-guarantee setting instead");
    r.put("state.dir", "derived from the service's data directory");
    r.put("num.stream.threads", "set the service's threads setting instead");
    r.put("commit.interval.ms", "set the service's commit-interval setting instead");
    r.put("replication.factor", "set --replication instead");
    r.put(
        "deserialization.exception.handler",
        "tagstream dead-letters or skips malformed values itself");
    r.put("processing.exception.handler.global.enabled", "tagstream's handlers rely on it");
    return Map.copyOf(r);
  }

  /**
   * Whether a key holds a credential: masked when shown, and may be read from a file with {@code
   * file:PATH}.
   */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    // A token endpoint is an address, and Kafka itself accepts file: URLs there (KIP-768): not a
    // secret.
    if (k.endsWith(".url")) {
      return false;
    }
    return k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.contains("jaas.config")
        || k.endsWith(".key")
        || k.contains("credentials");
  }

  /** Fails with the key, where it came from and what to do instead when tagstream owns the key. */
  static void requireAllowed(String key, String origin) {
    String why = REFUSED.get(key);
    if (why != null) {
      throw new ConfigException(
          "Kafka client property " + key + " (from " + origin + ") cannot be overridden: " + why);
    }
  }

  /** The same properties as seen by {@code role}'s clients. */
  public ClientProperties forRole(String role) {
    return new ClientProperties(shared, overrides, role);
  }

  /** What this role's clients receive: shared, then the role's overrides winning. */
  public Map<String, String> effective() {
    Map<String, String> m = new TreeMap<>(shared);
    if (role != null) {
      m.putAll(overrides.getOrDefault(role, Map.of()));
    }
    return Map.copyOf(m);
  }

  /** The effective properties with secrets replaced by {@link #MASK}. */
  public Map<String, String> masked() {
    Map<String, String> m = new TreeMap<>();
    effective().forEach((k, v) -> m.put(k, isSecret(k) ? MASK : v));
    return m;
  }

  @Override
  public String toString() {
    Map<String, Object> all = new TreeMap<>();
    shared.forEach((k, v) -> all.put("kafka." + k, isSecret(k) ? MASK : v));
    overrides.forEach(
        (r, p) -> p.forEach((k, v) -> all.put(r + ".kafka." + k, isSecret(k) ? MASK : v)));
    return "ClientProperties" + all + (role == null ? "" : " for " + role);
  }
}
