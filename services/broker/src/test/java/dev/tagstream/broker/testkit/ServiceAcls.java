package dev.tagstream.broker.testkit;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import dev.tagstream.contracts.Topic;
import dev.tagstream.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs each service needs on a cluster that enforces them: the table of docs/operations.md
 * ("Secured clusters: ACLs per service") as data, row by row, so that every SASL test grants
 * exactly what the operators are told to grant ({@code ServiceAclsTest} keeps the two equal).
 */
public final class ServiceAcls {
  /** The service column of the rows every service needs. */
  public static final String EVERY_SERVICE = "every service";

  /**
   * One row of the table: for {@code service}, when {@code condition} holds ("" for always), the
   * operations on resources named {@code names} after the topic prefix.
   */
  public record Row(
      String service,
      String condition,
      ResourceType type,
      List<String> names,
      PatternType pattern,
      List<AclOperation> operations) {
    public Row {
      names = List.copyOf(names);
      operations = List.copyOf(operations);
    }

    Stream<Acl> acls() {
      return names.stream()
          .flatMap(n -> operations.stream().map(op -> new Acl(type, n, pattern, op)));
    }
  }

  /** One operation on one resource, named after the topic prefix. */
  public record Acl(ResourceType type, String name, PatternType pattern, AclOperation operation) {
    /** The ALLOW binding for {@code User:user} from any host, with the prefix in front. */
    public AclBinding binding(String prefix, String user) {
      return new AclBinding(
          new ResourcePattern(type, prefix + name, pattern),
          new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
  }

  public static final List<Row> TABLE =
      List.of(
          row(EVERY_SERVICE, "", TOPIC, List.of(""), PREFIXED, DESCRIBE),
          row(
              "ingest",
              "",
              TOPIC,
              topics(Topics.IMAGES, Topics.LABELS, Topics.VOCABULARY),
              LITERAL,
              WRITE),
          row(
              "ingest",
              "",
              TOPIC,
              topics(
                  Topics.MODELS,
                  Topics.PREDICTIONS,
                  Topics.LABEL_STATE,
                  Topics.LABELS,
                  Topics.VOCABULARY),
              LITERAL,
              READ),
          row("worker", "", TOPIC, topics(Topics.IMAGES), LITERAL, READ),
          row("worker", "", GROUP, List.of("tagstream-worker"), LITERAL, READ),
          row(
              "worker",
              "",
              TOPIC,
              topics(Topics.PREDICTIONS, Topics.FAILURES, Topics.SHADOW_PREDICTIONS),
              LITERAL,
              WRITE),
          row("worker", "", TOPIC, topics(Topics.MODELS), LITERAL, READ),
          row(
              "worker",
              "exactly-once only",
              TRANSACTIONAL_ID,
              List.of("tagstream-worker-"),
              PREFIXED,
              WRITE,
              DESCRIBE),
          row(
              "feedback",
              "",
              TOPIC,
              topics(
                  Topics.IMAGES,
                  Topics.LABELS,
                  Topics.PREDICTIONS,
                  Topics.LABEL_STATE,
                  Topics.VOCABULARY,
                  Topics.SHADOW_PREDICTIONS),
              LITERAL,
              READ),
          row("feedback", "", TOPIC, topics(Topics.LABEL_STATE, Topics.FAILURES), LITERAL, WRITE),
          row(
              "feedback",
              "",
              TOPIC,
              List.of("tagstream-feedback"),
              PREFIXED,
              CREATE,
              READ,
              WRITE,
              DESCRIBE,
              DESCRIBE_CONFIGS),
          row("feedback", "", GROUP, List.of("tagstream-feedback"), LITERAL, READ),
          row(
              "feedback",
              "exactly_once_v2 (default)",
              TRANSACTIONAL_ID,
              List.of("tagstream-feedback"),
              PREFIXED,
              WRITE,
              DESCRIBE),
          row(
              "trainer",
              "",
              TOPIC,
              topics(Topics.LABEL_STATE, Topics.VOCABULARY, Topics.MODELS),
              LITERAL,
              READ),
          row("trainer", "", TOPIC, topics(Topics.MODELS), LITERAL, WRITE),
          row(
              "trainer",
              "",
              TOPIC,
              topics(Topics.PREDICTIONS, Topics.SHADOW_PREDICTIONS, Topics.LABELS),
              LITERAL,
              READ));

  private ServiceAcls() {}

  /**
   * Every ACL {@code service} needs with its default names: the rows for every service and its own,
   * its conditional rows (exactly-once) only when {@code exactlyOnce}.
   */
  public static List<Acl> of(String service, boolean exactlyOnce) {
    List<Acl> acls = new ArrayList<>();
    for (Row r : TABLE) {
      boolean mine = r.service().equals(EVERY_SERVICE) || r.service().equals(service);
      if (mine && (r.condition().isEmpty() || exactlyOnce)) {
        r.acls().forEach(acls::add);
      }
    }
    if (acls.size() == 1) {
      throw new IllegalArgumentException("no ACLs are documented for service " + service);
    }
    return List.copyOf(acls);
  }

  /** {@code acls} without the one {@code operation} on the (prefix-less) resource {@code name}. */
  public static List<Acl> without(
      List<Acl> acls, ResourceType type, String name, AclOperation operation) {
    List<Acl> kept =
        acls.stream()
            .filter(a -> !(a.type() == type && a.name().equals(name) && a.operation() == operation))
            .toList();
    if (kept.size() == acls.size()) {
      throw new IllegalArgumentException("no " + operation + " on " + type + " " + name);
    }
    return kept;
  }

  private static List<String> topics(Topic<?>... topics) {
    return Stream.of(topics).map(t -> t.name("")).toList();
  }

  private static Row row(
      String service,
      String condition,
      ResourceType type,
      List<String> names,
      PatternType pattern,
      AclOperation... operations) {
    return new Row(service, condition, type, names, pattern, List.of(operations));
  }
}
