package dev.tagstream.feedback;

import dev.tagstream.contracts.Judgement;
import dev.tagstream.contracts.LabelConfirmation;
import dev.tagstream.contracts.LabelDecision;
import dev.tagstream.contracts.LabelScore;
import dev.tagstream.contracts.Prediction;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins each image's latest prediction with the confirmations that arrive after it. A confirmation
 * judges the prediction once per label: the first positive or negative after the prediction decides
 * TP/FP/FN/TN for the version that made it; retractions, out-of-vocabulary labels and images
 * without a prediction are not counted. Direct labels only: a confirmed child does not judge its
 * (implied) parent here.
 */
final class QualityProcessor implements Processor<String, SpecificRecord, Void, Void> {
  private final VocabularyView vocabulary;
  private final OnlineQuality quality;
  private KeyValueStore<String, PredictionMemo> latest;

  QualityProcessor(VocabularyView vocabulary, OnlineQuality quality) {
    this.vocabulary = vocabulary;
    this.quality = quality;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    latest = context.getStateStore(FeedbackTopology.PREDICTIONS_STORE);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() instanceof Prediction p) {
      Set<String> predicted =
          p.getLabels().stream().map(LabelScore::getLabel).collect(Collectors.toSet());
      latest.put(p.getId(), new PredictionMemo(p.getModelVersion(), predicted, Set.of()));
    } else if (record.value() instanceof LabelConfirmation c) {
      judge(c);
    }
  }

  private void judge(LabelConfirmation c) {
    if (c.getState() == LabelDecision.RETRACTED
        || !vocabulary.vocabulary().contains(c.getLabel())) {
      return;
    }
    PredictionMemo memo = latest.get(c.getId());
    if (memo == null || memo.judged().contains(c.getLabel())) {
      return;
    }
    boolean predicted = memo.predicted().contains(c.getLabel());
    boolean positive = c.getState() == LabelDecision.POSITIVE;
    quality.record(memo.modelVersion(), Judgement.of(predicted, positive));
    latest.put(c.getId(), memo.judging(c.getLabel()));
  }
}
