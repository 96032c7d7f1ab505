package dev.tagstream.feedback;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.model.labels.Vocabulary;
import dev.tagstream.model.labels.VocabularyException;
import java.nio.file.Files;
import java.util.List;

/** {@code tagstream feedback}: folds label confirmations into the compacted label-state topic. */
public final class FeedbackServiceFactory implements ServiceFactory {
  @Override
  public String name() {
    return "feedback";
  }

  @Override
  public String summary() {
    return "Fold label confirmations into per-image label state (Kafka Streams) and track online model quality.";
  }

  @Override
  public List<Setting> settings() {
    return FeedbackSettings.all();
  }

  /** Before the worker and trainer: label state should be flowing when they start. */
  @Override
  public int startOrder() {
    return 20;
  }

  @Override
  public void validate(KafkaConfig kafka, Settings settings) {
    loadVocabulary(FeedbackSettings.read(kafka, settings));
  }

  @Override
  public Service create(KafkaConfig kafka, Settings settings) {
    FeedbackConfig config = FeedbackSettings.read(kafka, settings);
    return new FeedbackService(kafka, config, loadVocabulary(config));
  }

  static Vocabulary loadVocabulary(FeedbackConfig config) {
    if (!Files.isRegularFile(config.vocabulary())) {
      throw new ConfigException(
          "the feedback vocabulary "
              + config.vocabulary().toAbsolutePath()
              + " does not exist: set --"
              + FeedbackSettings.VOCABULARY.key()
              + " (or "
              + FeedbackSettings.VOCABULARY.env()
              + ") to a labels.json");
    }
    try {
      return Vocabulary.load(config.vocabulary());
    } catch (VocabularyException e) {
      throw new ConfigException(
          FeedbackSettings.VOCABULARY.key() + "=" + config.vocabulary() + ": " + e.getMessage(), e);
    }
  }
}
