package dev.tagstream.worker;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.images.HostHeader;
import java.time.Clock;
import java.util.List;

/** {@code tagstream worker}: the scoring worker (images in; predictions and failures out). */
public final class WorkerServiceFactory implements ServiceFactory {
  static {
    // the CLI loads service factories before any command runs: early enough for the JDK HTTP client
    // (HostHeader)
    HostHeader.allow();
  }

  @Override
  public String name() {
    return "worker";
  }

  @Override
  public String summary() {
    return "Score images from the images topic with the current model; write predictions and dead letters";
  }

  @Override
  public List<Setting> settings() {
    return WorkerSettings.all();
  }

  @Override
  public int startOrder() {
    return 30; // after ingest, before feedback and trainer
  }

  @Override
  public void validate(KafkaConfig kafka, Settings settings) {
    WorkerConfig.from(settings);
  }

  @Override
  public Service create(KafkaConfig kafka, Settings settings) {
    return new WorkerService(kafka, WorkerConfig.from(settings), Clock.systemUTC());
  }
}
