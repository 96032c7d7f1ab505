package dev.tagstream.cli;

import dev.tagstream.core.ServiceRunner;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaRuntime;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code tagstream broker}: a local single-node KRaft broker with tagstream's topics, until
 * stopped.
 */
final class BrokerCommand implements Command {
  @Override
  public String name() {
    return "broker";
  }

  @Override
  public String summary() {
    return "Run a local single-node Kafka broker (KRaft) with tagstream's topics.";
  }

  /**
   * Every Kafka setting but --bootstrap: KafkaSettings.read reads them all, and a subset once made
   * the broker demand --replication while refusing it as unknown.
   */
  @Override
  public List<Setting> settings() {
    return List.of(
        KafkaSettings.TOPIC_PREFIX,
        KafkaSettings.PARTITIONS,
        KafkaSettings.REPLICATION,
        KafkaSettings.DATA_DIR,
        KafkaSettings.BROKER_PORT);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    List<Setting> settings = settings();
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream broker [options]", summary(), settings));
      return 0;
    }
    Settings s = Settings.parse(settings, args);
    KafkaConfig config = KafkaSettings.read(s);
    if (config.replication() != 1) {
      throw s.invalid(
          KafkaSettings.REPLICATION,
          "but the local broker is a single node, so the topics it creates "
              + "have replication 1; for more, run a real cluster and give the services --bootstrap");
    }
    KafkaRuntime kafka = KafkaRuntime.start(config);
    out.println("broker listening at " + kafka.config().bootstrap() + " (Ctrl-C to stop)");
    out.flush();
    ServiceRunner.runUntilStopped(List.of(kafka), List.of());
    return 0;
  }
}
