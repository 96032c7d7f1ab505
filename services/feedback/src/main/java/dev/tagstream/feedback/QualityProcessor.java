package dev.tagstream.feedback;

import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.Prediction;
import dev.tagstream.core.quality.JudgedPrediction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins each image's latest prediction with the confirmations that arrive after it. A confirmation
 * judges the prediction once per label: the first positive or negative after the prediction decides
 * TP/FP/FN/TN for the version that made it (the rule of {@link JudgedPrediction}, shared with the
 * trainer's shadow gate); retractions, out-of-vocabulary labels and images without a prediction are
 * not counted. Direct labels only: a confirmed child does not judge its (implied) parent here. One
 * instance judges served predictions, another a candidate's shadow predictions, each with its own
 * store.
 */
final class QualityProcessor implements Processor<String, SpecificRecord, Void, Void> {
  private final VocabularyView vocabulary;
  private final OnlineQuality quality;
  private final String store;
  private KeyValueStore<String, JudgedPrediction> latest;

  QualityProcessor(VocabularyView vocabulary, OnlineQuality quality, String store) {
    this.vocabulary = vocabulary;
    this.quality = quality;
    this.store = store;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    latest = context.getStateStore(store);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof Prediction p) {
      latest.put(p.getId(), JudgedPrediction.of(p));
    } else if (record.value() instanceof LabelConfirmation c) {
      judge(c);
    }
  }

  private void judge(LabelConfirmation c) {
    if (c.getState() == LabelDecision.RETRACTED
        || !vocabulary.vocabulary().contains(c.getLabel())) {
      return;
    }
    JudgedPrediction memo = latest.get(c.getId());
    if (memo == null) {
      return;
    }
    JudgedPrediction.Verdict v = memo.judge(c.getLabel(), c.getState());
    if (v.outcome().isPresent()) {
      quality.record(memo.modelVersion(), v.outcome().get());
      latest.put(c.getId(), v.next());
    }
  }
}
