package dev.tagstream.feedback;

import dev.tagstream.contracts.Failure;
import dev.tagstream.contracts.ImageReference;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.feedback.ConfirmationDeadLetters.Source;
import dev.tagstream.feedback.FeedbackMetrics.ConfirmationResult;
import dev.tagstream.model.labels.Vocabulary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds images and confirmations into per-image label state. A confirmation whose image or label is
 * unknown waits in the pending store until both are known, or is dead-lettered ({@code
 * unknown-image}, {@code unknown-label}) once stream time passes its grace period: stream time, not
 * wall-clock, so a replay of the same log makes the same decisions. Labels arrive on the global
 * vocabulary store, which moves no stream time, so a wall-clock punctuation also folds the
 * confirmations a new label released.
 */
final class LabelStateProcessor
    implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private final TopologyConfig config;

  /** How often waiting confirmations are checked against newly arrived labels. */
  static final Duration LABEL_CHECK = Duration.ofSeconds(1);

  private final VocabularyView vocabularyView;
  private final FeedbackMetrics metrics;
  private Vocabulary vocabulary;
  private long seenGeneration;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ImageLabels> decisions;
  private KeyValueStore<String, PendingConfirmation.Queue> pending;

  LabelStateProcessor(TopologyConfig config, VocabularyView vocabulary, FeedbackMetrics metrics) {
    this.config = config;
    this.vocabularyView = vocabulary;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.decisions = context.getStateStore(FeedbackTopology.DECISIONS_STORE);
    this.pending = context.getStateStore(FeedbackTopology.PENDING_STORE);
    context.schedule(config.expiryInterval(), PunctuationType.STREAM_TIME, this::expirePending);
    context.schedule(LABEL_CHECK, PunctuationType.WALL_CLOCK_TIME, t -> catchUpVocabulary());
    VocabularyView.Snapshot now = vocabularyView.current();
    vocabulary = now.vocabulary();
    seenGeneration = now.generation();
  }

  /**
   * Takes the newest vocabulary; when it grew, folds the waiting confirmations whose label and
   * image are both known now, at the current stream time.
   */
  private void catchUpVocabulary() {
    VocabularyView.Snapshot now = vocabularyView.current();
    if (now.generation() == seenGeneration) {
      return;
    }
    vocabulary = now.vocabulary();
    seenGeneration = now.generation();
    long t = Math.max(0, context.currentStreamTimeMs());
    List<String> ready = new ArrayList<>();
    try (KeyValueIterator<String, PendingConfirmation.Queue> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<String, PendingConfirmation.Queue> kv = it.next();
        if (decisions.get(kv.key) != null
            && kv.value.items().stream().anyMatch(c -> vocabulary.contains(c.label()))) {
          ready.add(kv.key);
        }
      }
    }
    for (String id : ready) {
      write(id, foldWaiting(id, decisions.get(id), t), t);
    }
  }

  /** Applies the waiting confirmations of a known image whose label is known; keeps the rest. */
  private ImageLabels foldWaiting(String id, ImageLabels state, long t) {
    PendingConfirmation.Queue waiting = pending.get(id);
    if (waiting == null) {
      return state;
    }
    List<PendingConfirmation> keep = new ArrayList<>();
    for (PendingConfirmation c : waiting.items()) {
      if (!vocabulary.contains(c.label())) {
        keep.add(c);
      } else if (c.fromImage()) {
        state =
            state.decide(
                c.label(), new Decision(c.state(), c.confirmedAt(), Decision.INGEST), false, t);
      } else {
        state = apply(state, c.confirmation(id), t);
      }
    }
    if (keep.isEmpty()) {
      pending.delete(id);
    } else {
      pending.put(id, new PendingConfirmation.Queue(keep));
    }
    return state;
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    catchUpVocabulary();
    if (record.value() instanceof ImageReference image) {
      onImage(record, image);
    } else if (record.value() instanceof LabelConfirmation confirmation) {
      onConfirmation(record, confirmation);
    }
    // null values (tombstones) on input topics carry nothing to fold
  }

  private void onImage(Record<String, SpecificRecord> record, ImageReference image) {
    String id = image.getId();
    if (!keyMatches(record, id, image.getUri())) {
      return;
    }
    long t = record.timestamp();
    long at = image.getSubmittedAt().toEpochMilli();
    ImageLabels state = decisions.get(id);
    state =
        state == null ? ImageLabels.arrived(image.getUri(), t) : state.withUri(image.getUri(), t);
    // Negatives first: a label listed both ways in one image ends positive (positive evidence
    // wins). A label the vocabulary does not know yet waits, in that order, like a confirmation.
    List<PendingConfirmation> unknown = new ArrayList<>();
    state = applyKnown(state, image.getNegatives(), LabelDecision.NEGATIVE, at, t, unknown);
    state = applyKnown(state, image.getPositives(), LabelDecision.POSITIVE, at, t, unknown);
    if (!unknown.isEmpty()) {
      enqueue(id, unknown);
    }
    write(id, foldWaiting(id, state, t), t);
  }

  /**
   * Known labels of an image are decisions at its submittedAt, source "ingest"; they count as no
   * confirmation. The others are added to {@code unknown}, to wait for the vocabulary.
   */
  private ImageLabels applyKnown(
      ImageLabels state,
      List<String> labels,
      LabelDecision decision,
      long at,
      long t,
      List<PendingConfirmation> unknown) {
    for (String label : labels) {
      if (vocabulary.contains(label)) {
        state = state.decide(label, new Decision(decision, at, Decision.INGEST), false, t);
      } else {
        Source s = source();
        unknown.add(
            PendingConfirmation.ofImageLabel(
                label, decision, at, t, s.topic(), s.partition(), s.offset()));
      }
    }
    return state;
  }

  /** Appends to the image's waiting queue, in arrival order. */
  private void enqueue(String id, List<PendingConfirmation> more) {
    List<PendingConfirmation> items = new ArrayList<>();
    PendingConfirmation.Queue waiting = pending.get(id);
    if (waiting != null) {
      items.addAll(waiting.items());
    }
    items.addAll(more);
    pending.put(id, new PendingConfirmation.Queue(items));
  }

  private void onConfirmation(Record<String, SpecificRecord> record, LabelConfirmation c) {
    String id = c.getId();
    if (!keyMatches(record, id, "")) {
      return;
    }
    ImageLabels state = decisions.get(id);
    if (state == null || !vocabulary.contains(c.getLabel())) {
      Source s = source();
      enqueue(
          id,
          List.of(
              PendingConfirmation.of(c, record.timestamp(), s.topic(), s.partition(), s.offset())));
      metrics.confirmation(ConfirmationResult.BUFFERED);
      return;
    }
    ImageLabels next = apply(state, c, record.timestamp());
    if (next != state) {
      write(id, next, record.timestamp());
    }
  }

  private ImageLabels apply(ImageLabels state, LabelConfirmation c, long t) {
    Decision d = new Decision(c.getState(), c.getConfirmedAt().toEpochMilli(), c.getSource());
    ImageLabels next = state.decide(c.getLabel(), d, true, t);
    metrics.confirmation(next == state ? ConfirmationResult.STALE : ConfirmationResult.APPLIED);
    return next;
  }

  private void write(String id, ImageLabels state, long t) {
    decisions.put(id, state);
    context.forward(
        new Record<String, SpecificRecord>(id, state.toLabelState(id, vocabulary), t),
        FeedbackTopology.STATE_SINK);
    metrics.stateWritten();
  }

  /** Dead-letters every waiting confirmation whose grace period has passed in stream time. */
  void expirePending(long streamTime) {
    catchUpVocabulary(); // a label that arrived in time saves its confirmations
    long grace = config.unknownImageGrace().toMillis();
    Map<String, List<PendingConfirmation>> changed = new LinkedHashMap<>();
    List<KeyValue<String, PendingConfirmation>> expired = new ArrayList<>();
    try (KeyValueIterator<String, PendingConfirmation.Queue> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<String, PendingConfirmation.Queue> kv = it.next();
        List<PendingConfirmation> keep = new ArrayList<>();
        for (PendingConfirmation c : kv.value.items()) {
          if (streamTime - c.arrivedAt() >= grace) {
            expired.add(KeyValue.pair(kv.key, c));
          } else {
            keep.add(c);
          }
        }
        if (keep.size() != kv.value.items().size()) {
          changed.put(kv.key, keep);
        }
      }
    }
    changed.forEach(
        (id, keep) -> {
          if (keep.isEmpty()) {
            pending.delete(id);
          } else {
            pending.put(id, new PendingConfirmation.Queue(keep));
          }
        });
    for (KeyValue<String, PendingConfirmation> e : expired) {
      PendingConfirmation c = e.value;
      Source from = new Source(c.topic(), c.partition(), c.offset());
      Failure f =
          vocabulary.contains(c.label())
              ? ConfirmationDeadLetters.failure(
                  e.key,
                  "",
                  ConfirmationDeadLetters.UNKNOWN_IMAGE,
                  "no image '"
                      + e.key
                      + "' on images within "
                      + config.unknownImageGrace()
                      + " of its confirmation of '"
                      + c.label()
                      + "' ("
                      + c.state()
                      + ")",
                  from,
                  streamTime)
              : ConfirmationDeadLetters.failure(
                  e.key,
                  "",
                  ConfirmationDeadLetters.UNKNOWN_LABEL,
                  "label '"
                      + c.label()
                      + "' not in the vocabulary ("
                      + vocabulary.size()
                      + " labels) within "
                      + config.unknownImageGrace()
                      + (c.fromImage() ? " of its image (" : " of its confirmation (")
                      + c.state()
                      + ")",
                  from,
                  streamTime);
      emitFailure(e.key, f, streamTime);
    }
  }

  private boolean keyMatches(Record<String, SpecificRecord> record, String id, String uri) {
    if (id.equals(record.key())) {
      return true;
    }
    fail(
        record,
        failureFor(
            id,
            uri,
            ConfirmationDeadLetters.KEY_MISMATCH,
            "record key '" + record.key() + "' differs from the value's id '" + id + "'",
            record));
    return false;
  }

  private Failure failureFor(
      String id, String uri, String reason, String message, Record<String, SpecificRecord> record) {
    return ConfirmationDeadLetters.failure(id, uri, reason, message, source(), record.timestamp());
  }

  private Source source() {
    return context
        .recordMetadata()
        .map(m -> new Source(m.topic(), m.partition(), m.offset()))
        .orElse(Source.NONE);
  }

  private void fail(Record<String, SpecificRecord> record, Failure f) {
    emitFailure(f.getId(), f, record.timestamp());
  }

  private void emitFailure(String key, Failure f, long t) {
    context.forward(new Record<String, SpecificRecord>(key, f, t), FeedbackTopology.FAILURES_SINK);
    metrics.deadLetter(f.getReason());
  }
}
