package dev.tagstream.trainer;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.images.HostHeader;
import java.time.Clock;
import java.util.List;

/**
 * {@code tagstream trainer}: retrains on new feedback, gates candidates and announces releases on
 * models.
 */
public final class TrainerServiceFactory implements ServiceFactory {
  static {
    // before any code touches java.net.http, so the trainer's image fetches can be pinned (see
    // HostHeader)
    HostHeader.allow();
  }

  @Override
  public String name() {
    return "trainer";
  }

  @Override
  public String summary() {
    return "Retrain on new label feedback, promote only better models, announce releases on the models topic.";
  }

  @Override
  public List<Setting> settings() {
    return TrainerSettings.all();
  }

  /** After ingest, worker and feedback: it consumes what they produce. */
  @Override
  public int startOrder() {
    return 400;
  }

  @Override
  public void validate(KafkaConfig kafka, Settings settings) {
    TrainerSettings.read(kafka, settings);
  }

  @Override
  public Service create(KafkaConfig kafka, Settings settings) {
    return new TrainerService(TrainerSettings.read(kafka, settings), kafka, Clock.systemUTC());
  }
}
