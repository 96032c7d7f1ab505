package dev.tagstream.trainer;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.LabelState;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Topics;
import dev.tagstream.contracts.VocabularyEntry;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.core.releases.ReleaseFollower;
import dev.tagstream.core.releases.ReleaseLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads label-state (and the labels added on the vocabulary topic) from the beginning, without a
 * consumer group (every trainer needs the whole compacted state), into the snapshot; the release
 * history comes from core's {@link ReleaseFollower}, the one reader of the models topic that the
 * worker and ingest use too. Caught up once every label-state partition reached the end offset it
 * had at start and the releases were read to their end; the backlog's evidence is then rebased on
 * the current model (see {@link LabelStateSnapshot#rebaseline}). A record that does not decode is
 * skipped and counted: the rest of the state still matters. Not thread-safe: one loop thread polls;
 * {@link #wakeup} may be called from any thread.
 */
final class TopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String labelStateTopic;
  private final String vocabularyTopic;
  private final LabelStateSnapshot snapshot;
  private final AddedLabels added;
  private final ReleaseLog history;
  private final TrainerMetrics metrics;
  private final AvroSerde<LabelState> stateSerde = Topics.LABEL_STATE.valueSerde();
  private final AvroSerde<VocabularyEntry> vocabularySerde = Topics.VOCABULARY.valueSerde();
  private final ReleaseFollower releases;
  private volatile boolean releasesCaughtUp;
  private Map<TopicPartition, Long> startEnd;
  private volatile boolean caughtUp;

  TopicFollower(
      KafkaConfig kafka, LabelStateSnapshot snapshot, ReleaseLog history, TrainerMetrics metrics) {
    this(kafka, snapshot, new AddedLabels(), history, metrics);
  }

  TopicFollower(
      KafkaConfig kafka,
      LabelStateSnapshot snapshot,
      AddedLabels added,
      ReleaseLog history,
      TrainerMetrics metrics) {
    this.labelStateTopic = Topics.LABEL_STATE.name(kafka.topicPrefix());
    this.vocabularyTopic = Topics.VOCABULARY.name(kafka.topicPrefix());
    this.snapshot = snapshot;
    this.added = added;
    this.history = history;
    this.metrics = metrics;
    this.consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "tagstream-trainer-follower", true));
    this.releases =
        new ReleaseFollower(
            kafka,
            "tagstream-trainer-models",
            "trainer-models-follower",
            new ReleaseFollower.Listener() {
              @Override
              public void release(ModelRelease release) {
                history.apply(release);
              }

              @Override
              public void caughtUp() {
                releasesCaughtUp = true;
              }
            });
  }

  /**
   * Starts the release follower, assigns every label-state and vocabulary partition and seeks to
   * the beginning.
   */
  void start() {
    releases.start();
    List<TopicPartition> parts =
        KafkaClients.assignFromStart(
            consumer, Duration.ofSeconds(30), List.of(labelStateTopic, vocabularyTopic));
    startEnd = consumer.endOffsets(parts, Duration.ofSeconds(30));
  }

  void poll(Duration timeout) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      try {
        if (r.key() != null && r.topic().equals(vocabularyTopic)) {
          added.apply(
              r.key(), r.value() == null ? null : vocabularySerde.decode(r.topic(), r.value()));
        } else if (r.key() != null) {
          snapshot.apply(r.key(), stateSerde.decode(r.topic(), r.value()));
        } else {
          metrics.invalidRecords.increment();
          log.warn(
              "skipping label-state record without a key at {}-{}@{}",
              r.topic(),
              r.partition(),
              r.offset());
        }
      } catch (ContractException e) {
        skipUndecodable(log, metrics, r, e);
      }
    }
    if (!caughtUp
        && releasesCaughtUp
        && startEnd.entrySet().stream()
            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
      // Evidence counts from the model in service, which a broken newest release does not replace.
      Optional<ModelRelease> current = CurrentModel.of(history).map(CurrentModel::release);
      current.ifPresent(m -> snapshot.rebaseline(m.getAnnouncedAt()));
      caughtUp = true;
      log.info(
          "label-state snapshot caught up: {} images, {} new confirmations, current model {}",
          snapshot.size(),
          snapshot.newConfirmations(),
          current.map(m -> m.getVersion()).orElse("none"));
    }
  }

  boolean caughtUp() {
    return caughtUp;
  }

  /** False once the release follower's thread died: no later release would be seen. */
  boolean releasesAlive() {
    return releases.alive();
  }

  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    releases.close();
    consumer.close();
  }

  /** A record that is not our contract: counted and logged once, never fatal, never retried. */
  static void skipUndecodable(
      Logger log, TrainerMetrics metrics, ConsumerRecord<?, ?> r, ContractException e) {
    metrics.invalidRecords.increment();
    log.warn(
        "skipping undecodable record {}-{}@{} ({}): {}",
        r.topic(),
        r.partition(),
        r.offset(),
        e.kind(),
        e.getMessage());
  }
}
