package dev.tagstream.cli;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.ServiceRunner;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaRuntime;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagstream <service>}: runs one service until stopped, on the configured or the embedded
 * broker.
 */
final class ServiceCommand implements Command {
  private final ServiceFactory factory;

  ServiceCommand(ServiceFactory factory) {
    this.factory = factory;
  }

  @Override
  public String name() {
    return factory.name();
  }

  @Override
  public String summary() {
    return factory.summary();
  }

  static List<Setting> settingsOf(List<ServiceFactory> factories) {
    List<Setting> all = new ArrayList<>(KafkaSettings.all());
    for (ServiceFactory f : factories) {
      for (Setting s : f.settings()) {
        if (all.stream().noneMatch(x -> x.key().equals(s.key()))) {
          all.add(s);
        }
      }
    }
    return all;
  }

  /**
   * A service takes options only; a stray word is most often the value of a switch ({@code
   * --x=maybe}).
   */
  static void refusePositional(Settings s) {
    if (!s.positional().isEmpty()) {
      throw new ConfigException(
          "unexpected argument '"
              + s.positional().get(0)
              + "': options are --key value"
              + " (a switch's value as --key=false); see --help");
    }
  }

  @Override
  public List<Setting> settings() {
    return settingsOf(List.of(factory));
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    List<Setting> settings = settings();
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream " + name() + " [options]", summary(), settings));
      return 0;
    }
    Settings s = Settings.parse(settings, args);
    refusePositional(s);
    // The service's own <role>.kafka.* settings from the start: the topic check at start-up runs as
    // its principal too (with only SERVICE.kafka.sasl.jaas.config set, the shared settings have no
    // credentials at all).
    KafkaConfig config = KafkaSettings.read(s).forRole(factory.name());
    factory.validate(config, s); // every mistake before the broker starts
    KafkaRuntime kafka = KafkaRuntime.open(config);
    Service service;
    try {
      service = factory.create(kafka.config(), s);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    ServiceRunner.runUntilStopped(List.of(kafka), List.of(service));
    return 0;
  }
}
