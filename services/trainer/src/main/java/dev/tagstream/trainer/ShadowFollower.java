package dev.tagstream.trainer;

import dev.tagstream.contracts.AvroSerde;
import dev.tagstream.contracts.ContractException;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.ModelRelease;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.contracts.ReleaseStatus;
import dev.tagstream.contracts.Topics;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.kafka.KafkaClients;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the open CANDIDATE's shadow evaluation: reads predictions, shadow-predictions and labels
 * from the candidate's announcement time (group-less, read_committed, so an exactly-once worker's
 * aborted outputs never count) into a {@link ShadowEvidence}, and once it has read what existed
 * when it started, asks the {@link ShadowGate}. Restart-proof without any state of its own: the
 * open candidate comes from the models topic and the evidence is read again from the topics. Owned
 * by the trainer's loop thread.
 */
final class ShadowFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShadowFollower.class);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration EVERY = Duration.ofSeconds(1);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String predictionsTopic;
  private final String shadowTopic;
  private final String labelsTopic;
  private final AvroSerde<Prediction> predictions = Topics.PREDICTIONS.valueSerde();
  private final AvroSerde<Prediction> shadows = Topics.SHADOW_PREDICTIONS.valueSerde();
  private final AvroSerde<LabelConfirmation> labels = Topics.LABELS.valueSerde();
  private final ShadowGate gate;
  private final Clock clock;
  private final TrainerMetrics metrics;
  private ModelRelease candidate;
  private ShadowEvidence evidence;
  private Map<TopicPartition, Long> startEnd = Map.of();
  private boolean caughtUp;
  private Instant lastDecision = Instant.MIN;

  ShadowFollower(KafkaConfig kafka, ShadowGate gate, Clock clock, TrainerMetrics metrics) {
    this.consumer =
        new KafkaConsumer<>(KafkaClients.readerProps(kafka, "tagstream-trainer-shadow", true));
    this.predictionsTopic = Topics.PREDICTIONS.name(kafka.topicPrefix());
    this.shadowTopic = Topics.SHADOW_PREDICTIONS.name(kafka.topicPrefix());
    this.labelsTopic = Topics.LABELS.name(kafka.topicPrefix());
    this.gate = gate;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * One step: follows {@code open} (the release history's open candidate), and returns the verdict
   * release to announce once the gate has decided.
   */
  Optional<ModelRelease> poll(Optional<ModelRelease> open) {
    if (open.isEmpty()) {
      stop();
      return Optional.empty();
    }
    if (candidate == null || !same(candidate, open.get())) {
      follow(open.get());
    }
    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      apply(r);
    }
    if (!caughtUp) {
      caughtUp =
          startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
      if (!caughtUp) {
        return Optional.empty(); // a restarted trainer decides on all the evidence, not a part
      }
    }
    Instant now = clock.instant();
    if (Duration.between(lastDecision, now).compareTo(EVERY) < 0) {
      return Optional.empty();
    }
    lastDecision = now;
    ShadowEvidence.Comparison c = evidence.compare();
    Optional<PromotionGate.Decision> d =
        gate.decide(c, Duration.between(candidate.getAnnouncedAt(), now));
    return d.map(decision -> verdict(candidate, decision, c, now));
  }

  private static boolean same(ModelRelease a, ModelRelease b) {
    return a.getVersion().equals(b.getVersion()) && a.getAnnouncedAt().equals(b.getAnnouncedAt());
  }

  private void follow(ModelRelease open) {
    candidate = open;
    evidence = new ShadowEvidence(open.getVersion().toString(), vocabulary(open));
    caughtUp = false;
    lastDecision = Instant.MIN;
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : List.of(predictionsTopic, shadowTopic, labelsTopic)) {
      consumer
          .partitionsFor(t, Duration.ofSeconds(30))
          .forEach(p -> parts.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(parts);
    // Everything the candidate could be judged by was written after it was announced.
    long from = open.getAnnouncedAt().toEpochMilli();
    Map<TopicPartition, Long> times = new HashMap<>();
    parts.forEach(tp -> times.put(tp, from));
    Map<TopicPartition, OffsetAndTimestamp> offsets =
        consumer.offsetsForTimes(times, Duration.ofSeconds(30));
    startEnd = consumer.endOffsets(parts, Duration.ofSeconds(30));
    for (TopicPartition tp : parts) {
      OffsetAndTimestamp o = offsets.get(tp);
      consumer.seek(tp, o == null ? startEnd.get(tp) : o.offset());
    }
    log.info(
        "shadow evaluation of candidate {}: reading predictions, shadow predictions and labels"
            + " since {}",
        open.getVersion(),
        open.getAnnouncedAt());
  }

  /** The candidate's labels: confirmations of others judge nothing (as in feedback). */
  private static Predicate<String> vocabulary(ModelRelease r) {
    try {
      Vocabulary v = Vocabulary.load(ReleasePublisher.artifactDir(r).resolve(ModelArtifact.LABELS));
      return v::contains;
    } catch (RuntimeException e) {
      log.warn(
          "candidate {}: labels unreadable ({}); every confirmed label is judged",
          r.getVersion(),
          e.getMessage());
      return label -> true;
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return;
    }
    try {
      if (r.topic().equals(predictionsTopic)) {
        evidence.served(predictions.decode(r.topic(), r.value()), r.timestamp());
      } else if (r.topic().equals(shadowTopic)) {
        evidence.shadow(shadows.decode(r.topic(), r.value()), r.timestamp());
      } else {
        evidence.confirmation(labels.decode(r.topic(), r.value()), r.timestamp());
      }
    } catch (ContractException e) {
      TopicFollower.skipUndecodable(log, metrics, r, e);
    }
  }

  private void stop() {
    if (candidate != null) {
      consumer.assign(List.of());
      candidate = null;
      evidence = null;
    }
  }

  /** The candidate's release again, now PROMOTED or REJECTED, with the online figures. */
  static ModelRelease verdict(
      ModelRelease candidate, PromotionGate.Decision d, ShadowEvidence.Comparison c, Instant at) {
    Map<String, Double> m = new LinkedHashMap<>(candidate.getMetrics());
    m.put("shadow.judged", (double) c.judged());
    put(m, "shadow.candidate.precision", c.candidate().precision());
    put(m, "shadow.candidate.recall", c.candidate().recall());
    put(m, "shadow.candidate.f1", c.candidate().f1());
    put(m, "shadow.current.precision", c.served().precision());
    put(m, "shadow.current.recall", c.served().recall());
    put(m, "shadow.current.f1", c.served().f1());
    return ModelRelease.newBuilder(candidate)
        .setStatus(d.promote() ? ReleaseStatus.PROMOTED : ReleaseStatus.REJECTED)
        .setReason(candidate.getReason() + "; " + d.reason())
        .setMetrics(m)
        .setAnnouncedAt(at)
        .build();
  }

  private static void put(Map<String, Double> m, String key, double v) {
    if (!Double.isNaN(v)) { // undefined is absent, not NaN, for readers that parse JSON
      m.put(key, v);
    }
  }

  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
