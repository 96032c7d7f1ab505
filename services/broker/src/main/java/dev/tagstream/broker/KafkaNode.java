package dev.tagstream.broker;

import dev.tagstream.core.kafka.TopicAdmin;

/**
 * Which part of a KRaft cluster one {@link EmbeddedKafka} is: its node id, its roles, the
 * controller quorum it belongs to and the cluster id its storage is formatted with. {@link #SINGLE}
 * is the one-node broker and controller of tests, the demo and {@code tagstream up}; a multi-node
 * cluster gives each node its own (see {@link ClusterNodeMain}).
 *
 * @param voters {@code controller.quorum.voters} ("id@host:port,..."); null: this node alone
 * @param clusterId null: a new random id when the storage is first formatted
 * @param replication replication of Kafka's internal topics (offsets, transactions): at most the
 *     number of brokers, or groups and transactions hang
 */
public record KafkaNode(
    int id, boolean broker, boolean controller, String voters, String clusterId, int replication) {
  public static final KafkaNode SINGLE = new KafkaNode(1, true, true, null, null, 1);

  public KafkaNode {
    if (!broker && !controller) {
      throw new IllegalArgumentException("a Kafka node must be a broker, a controller or both");
    }
    if (replication < 1) {
      throw new IllegalArgumentException("internal topic replication must be at least 1");
    }
  }

  /** {@code process.roles}. */
  String roles() {
    return broker && controller ? "broker,controller" : broker ? "broker" : "controller";
  }

  /** Partitions have one replica here: no other broker could take over their leadership. */
  boolean soleReplica() {
    return replication == 1;
  }

  /** The internal topics' min.insync.replicas: a majority, as for tagstream's own topics. */
  int internalMinIsr() {
    return TopicAdmin.minInSyncReplicas((short) replication);
  }
}
