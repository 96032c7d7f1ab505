package dev.tagstream.core;

import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import java.util.List;

/**
 * Builds one long-running service from configuration. Registered through {@code META-INF/services/
 * dev.tagstream.core.ServiceFactory}; the CLI turns each into {@code tagstream <name>} and {@code
 * up} runs them all.
 */
public interface ServiceFactory {
  /** {@code ingest}, {@code worker}, {@code feedback} or {@code trainer}. */
  String name();

  /** One line for help. */
  String summary();

  /** Its own settings (the shared Kafka settings are added by the CLI). */
  List<Setting> settings();

  /** Order in {@code up}: lower starts first. */
  default int startOrder() {
    return 100;
  }

  /**
   * Reads and checks its whole configuration as {@link #create} will, building nothing. The CLI
   * calls it for every service before any broker, port or thread starts, so that a mistake is
   * reported at once; {@code kafka} has no bootstrap address yet when the embedded broker is still
   * to be started.
   */
  void validate(KafkaConfig kafka, Settings settings);

  /**
   * Builds (but does not start) the service; validates configuration and fails fast with a clear
   * message.
   */
  Service create(KafkaConfig kafka, Settings settings);
}
