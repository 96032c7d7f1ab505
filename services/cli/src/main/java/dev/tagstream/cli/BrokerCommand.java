package dev.tagstream.cli;

import dev.tagstream.core.ServiceRunner;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaRuntime;
import java.io.PrintStream;
import java.util.List;

/** {@code tagstream broker}: a local single-node KRaft broker with tagstream's topics, until stopped. */
final class BrokerCommand implements Command {
  @Override
  public String name() {
    return "broker";
  }

  @Override
  public String summary() {
    return "Run a local single-node Kafka broker (KRaft) with tagstream's topics.";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    List<Setting> settings = List.of(KafkaSettings.TOPIC_PREFIX, KafkaSettings.PARTITIONS, KafkaSettings.DATA_DIR,
        KafkaSettings.BROKER_PORT);
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream broker [options]", summary(), settings));
      return 0;
    }
    Settings s = Settings.parse(settings, args);
    KafkaRuntime kafka = KafkaRuntime.start(KafkaSettings.read(s));
    out.println("broker listening at " + kafka.config().bootstrap() + " (Ctrl-C to stop)");
    out.flush();
    ServiceRunner.runUntilStopped(List.of(kafka), List.of());
    return 0;
  }
}
