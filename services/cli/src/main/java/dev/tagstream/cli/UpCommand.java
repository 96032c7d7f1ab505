package dev.tagstream.cli;

import dev.tagstream.core.Service;
import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.ServiceRunner;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaConfig;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import dev.tagstream.core.kafka.KafkaRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagstream up}: the broker (embedded unless --bootstrap) and every service in one process.
 */
final class UpCommand implements Command {
  private final List<ServiceFactory> factories;

  UpCommand(List<ServiceFactory> factories) {
    this.factories = factories;
  }

  @Override
  public String name() {
    return "up";
  }

  @Override
  public String summary() {
    return "Run the broker (embedded unless --bootstrap) and every service in one process.";
  }

  @Override
  public List<Setting> settings() {
    List<Setting> settings = new ArrayList<>(ServiceCommand.settingsOf(factories));
    settings.addAll(LocalMode.all());
    return settings;
  }

  /** The settings with local mode's defaults added, every service's configuration checked. */
  private Settings check(List<Setting> settings, List<String> args, LocalMode.Defaults local) {
    List<String> all = new ArrayList<>(args);
    all.addAll(local.flags());
    Settings s = Settings.parse(settings, all);
    KafkaConfig config = KafkaSettings.read(s);
    for (ServiceFactory f : factories) {
      f.validate(config.forRole(f.name()), s); // before any broker, port or thread
    }
    return s;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    List<Setting> settings = settings();
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream up [options]", summary(), settings));
      return 0;
    }
    Settings given = Settings.parse(settings, args);
    ServiceCommand.refusePositional(given);
    Path dataDir = KafkaSettings.read(given).dataDir();
    // The whole configuration is checked first with only the starter's vocabulary, which is cheap;
    // unpacking and
    // verifying the starter model takes seconds, and a mistake must be reported at once.
    check(
        settings,
        args,
        LocalMode.of(settings, given, dataDir, Path.of(""), LocalMode.Starter::forChecking));
    LocalMode.Defaults local =
        LocalMode.of(settings, given, dataDir, Path.of(""), LocalMode.Starter::load);
    Settings s = check(settings, args, local);
    KafkaConfig config = KafkaSettings.read(s);
    // Each service's topic check as its own principal: with only SERVICE.kafka.sasl.jaas.config
    // given,
    // the shared settings hold no credentials.
    KafkaRuntime kafka =
        KafkaRuntime.open(config, factories.stream().map(ServiceFactory::name).toList());
    List<Service> services = new ArrayList<>();
    try {
      for (ServiceFactory f : factories) {
        services.add(f.create(kafka.config().forRole(f.name()), s));
      }
    } catch (RuntimeException e) {
      services.forEach(Service::close);
      kafka.close();
      throw e;
    }
    out.println(
        "tagstream up: Kafka at "
            + kafka.config().bootstrap()
            + (kafka.isEmbedded() ? " (embedded)" : "")
            + "; topics prefixed '"
            + kafka.config().topicPrefix()
            + "'");
    out.println("tagstream up: " + local.summary());
    out.flush();
    ServiceRunner.runUntilStopped(List.of(kafka), services);
    return 0;
  }
}
