package dev.tagstream.ingest;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import java.util.List;

/**
 * {@code tagstream ingest}: the HTTP front door for image references, label confirmations and
 * prediction lookups.
 */
public final class IngestServiceFactory implements ServiceFactory {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "HTTP API: submit image references and label confirmations, look up predictions.";
  }

  @Override
  public List<Setting> settings() {
    return IngestSettings.all();
  }

  @Override
  public int startOrder() {
    return 10;
  }

  @Override
  public void validate(KafkaConfig kafka, Settings settings) {
    IngestSettings.read(kafka, settings);
  }

  @Override
  public Service create(KafkaConfig kafka, Settings settings) {
    return new IngestService(kafka, IngestSettings.read(kafka, settings));
  }
}
