package dev.tagstream.core.kafka;

import dev.tagstream.contracts.RegistryException;
import dev.tagstream.contracts.SchemaRegistryClient;
import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.ValueEncoding;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.images.HostHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a process's {@link SerdeConfig} at start: with {@code serde=registry}, registers every
 * topic's value schema as {@code <topic>-value} after checking it against the subject's latest
 * version, and refuses to start on an incompatible change; then makes the choice {@link
 * ValueEncoding}'s, which every serde of the process reads.
 */
public final class SchemaRegistration {
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistration.class);

  /**
   * The promise tagstream's schemas keep (a new schema reads what the old one wrote), set on
   * subjects it creates.
   */
  static final String COMPATIBILITY = "BACKWARD";

  private SchemaRegistration() {}

  /**
   * Registers (in registry mode) and installs the encoding; throws {@link
   * SchemaRegistrationException}.
   */
  public static ValueEncoding.Choice apply(KafkaConfig config) {
    SerdeConfig serde = config.serde();
    if (serde.registryUrl() == null) {
      ValueEncoding.reset();
      return ValueEncoding.current();
    }
    // The registry client is this process's first user of java.net.http; the image fetcher's Host
    // header rule must be in place before that class loads.
    HostHeader.allow();
    SchemaRegistryClient client =
        new SchemaRegistryClient(serde.registryUrl(), serde.credentials());
    try {
      client.compatibility();
    } catch (RegistryException e) {
      throw new SchemaRegistrationException(
          null, "cannot use the schema registry: " + e.getMessage(), e);
    }
    if (serde.writes() == ValueEncoding.Format.REGISTRY) {
      for (Topic<?> t : Topics.all()) {
        register(client, t, config.topicPrefix());
      }
    }
    ValueEncoding.Choice choice = new ValueEncoding.Choice(serde.writes(), client);
    ValueEncoding.use(choice);
    log.info("topic values: {} encoding; schema registry {}", serde.writes(), client.url());
    return choice;
  }

  static int register(SchemaRegistryClient client, Topic<?> topic, String prefix) {
    String subject = ValueEncoding.subject(topic.name(prefix));
    try {
      boolean existed = !client.versions(subject).isEmpty();
      if (existed && !client.isCompatible(subject, topic.schema())) {
        throw incompatible(subject, client, null);
      }
      int id = client.register(subject, topic.schema());
      if (!existed) {
        // A registry's default level may be NONE (Apicurio's is): keep the promise on the subjects
        // tagstream creates.
        client.setCompatibility(subject, COMPATIBILITY);
      }
      log.info(
          "schema registry subject {}: {} is id {}", subject, topic.schema().getFullName(), id);
      return id;
    } catch (RegistryException e) {
      if (e.status() == 409) {
        throw incompatible(subject, client, e);
      }
      throw new SchemaRegistrationException(
          subject, "cannot register subject " + subject + ": " + e.getMessage(), e);
    }
  }

  private static SchemaRegistrationException incompatible(
      String subject, SchemaRegistryClient client, RegistryException cause) {
    String level;
    try {
      level = client.compatibility(subject).orElse("the registry's default");
    } catch (RegistryException e) {
      level = "level unknown: " + e.getMessage();
    }
    return new SchemaRegistrationException(
        subject,
        "schema registry subject "
            + subject
            + " refuses this "
            + "version's schema: it is not compatible ("
            + level
            + ") with the subject's latest version. Deploy a "
            + "compatible schema, or use a new topic-prefix; the registry at "
            + client.url()
            + " is unchanged",
        cause);
  }
}
