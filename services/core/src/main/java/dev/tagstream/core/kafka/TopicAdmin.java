package dev.tagstream.core.kafka;

import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.ClientProperties;
import dev.tagstream.core.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates tagstream's topics with their settings; leaves existing topics alone. */
public final class TopicAdmin {
  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  /** How long a reader looks again for a topic that was just created before naming it missing. */
  static final Duration REQUIRE_GRACE = Duration.ofSeconds(3);

  private TopicAdmin() {}

  /** The settings a topic is created with. */
  static NewTopic newTopic(Topic<?> topic, KafkaConfig config) {
    // The models topic holds a handful of releases; one partition keeps their order total.
    int partitions = topic == Topics.MODELS ? 1 : config.partitions();
    NewTopic t = new NewTopic(topic.name(config.topicPrefix()), partitions, config.replication());
    Map<String, String> configs = new HashMap<>();
    configs.put(
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
        String.valueOf(minInSyncReplicas(config.replication())));
    if (topic.compacted()) {
      configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000");
    } else if (topic == Topics.MODELS) {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
    }
    return t.configs(configs);
  }

  /**
   * A majority of the replicas: floor(r / 2) + 1. Every tagstream producer writes with acks=all, so
   * a write is then stored on a majority, and with a majority down writes fail instead of landing
   * on a lone replica (3 → 2). The embedded broker's internal topics follow the same rule.
   */
  public static int minInSyncReplicas(short replication) {
    return replication / 2 + 1;
  }

  /**
   * For commands that only read or announce (tail, rollback): the topics must exist already.
   * Readers never create topics, because they do not know the partitions and replication the owning
   * services are configured with; a missing one is named, with what creates it.
   */
  public static void requireTopics(KafkaConfig config, List<Topic<?>> topics) {
    List<String> wanted = topics.stream().map(t -> t.name(config.topicPrefix())).toList();
    try (Admin admin = admin(config)) {
      // A topic created a moment ago may not be in the answering broker's metadata yet: look again
      // for a while before naming it missing.
      long deadline = System.nanoTime() + REQUIRE_GRACE.toNanos();
      List<String> missing = missing(admin, wanted);
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        missing = missing(admin, wanted);
      }
      if (!missing.isEmpty()) {
        throw new KafkaUnavailableException(
            "topic "
                + missing.get(0)
                + " does not exist on "
                + KafkaClients.describe(config)
                + " (or this principal may not DESCRIBE it); the services create their topics when"
                + " they start ('tagstream up', or any one service), and this command only reads",
            null);
      }
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw unavailable(config, "list topics", e);
    }
  }

  private static List<String> missing(Admin admin, List<String> wanted)
      throws ExecutionException, TimeoutException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    return wanted.stream().filter(n -> !existing.contains(n)).toList();
  }

  /** Ensures every topic exists; returns the names it created. */
  public static List<String> ensureTopics(KafkaConfig config) {
    try (Admin admin = admin(config)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?> t : Topics.all()) {
        if (!existing.contains(t.name(config.topicPrefix()))) {
          missing.add(newTopic(t, config));
        }
      }
      List<String> created = new ArrayList<>();
      for (var e : admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(30, TimeUnit.SECONDS);
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof TopicAuthorizationException) {
            // A topic the principal may not DESCRIBE is missing from listTopics, so it lands here
            // even when it exists; Kafka's own message says only "Authorization failed".
            throw new KafkaUnavailableException(
                "not authorized for topic "
                    + e.getKey()
                    + " on "
                    + KafkaClients.describe(config)
                    + ": grant this principal DESCRIBE on it (and CREATE if tagstream "
                    + "should create it); see 'Secured clusters' in docs/operations.md",
                ex.getCause());
          }
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw ex; // another process created it meanwhile: fine; anything else is not
          }
        }
      }
      if (!created.isEmpty()) {
        log.info("created topics {}", created);
      }
      return created;
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      throw unavailable(config, "create topics", e);
    }
  }

  /**
   * An admin client, or a message with the reason it could not be built: Kafka's own says only
   * "Failed to create new KafkaAdminClient" and keeps the reason (a SASL protocol without
   * sasl.jaas.config, an unreadable truststore) in its causes. Secret values are masked in it.
   */
  private static Admin admin(KafkaConfig config) {
    Map<String, Object> props = KafkaClients.adminProps(config);
    try {
      return Admin.create(props);
    } catch (KafkaException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String reason = String.valueOf(root.getMessage());
      for (var p : props.entrySet()) {
        String value = String.valueOf(p.getValue());
        if (ClientProperties.isSecret(p.getKey()) && !value.isEmpty()) {
          reason = reason.replace(value, ClientProperties.MASK);
        }
      }
      throw new KafkaUnavailableException(
          "cannot create a Kafka client for "
              + KafkaClients.describe(config)
              + ": "
              + reason
              + " (check --bootstrap and the client properties: security.protocol, sasl.*, ssl.*)",
          null); // the causes' messages are not masked
    }
  }

  /**
   * One rule for an admin request that failed: what to check on a refused login, else what failed.
   */
  private static KafkaUnavailableException unavailable(
      KafkaConfig config, String doing, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new KafkaUnavailableException("interrupted while trying to " + doing, e);
    }
    if (e.getCause() instanceof AuthenticationException) {
      // Not retriable: the client gives up at once, and so does start-up, saying what to check.
      return new KafkaUnavailableException(
          "authentication to "
              + KafkaClients.describe(config)
              + " failed: "
              + e.getCause().getMessage()
              + " (check security.protocol, sasl.mechanism and the user and password in "
              + "sasl.jaas.config)",
          e.getCause());
    }
    return new KafkaUnavailableException(
        "cannot " + doing + " on " + KafkaClients.describe(config) + ": " + e.getMessage(), e);
  }
}
