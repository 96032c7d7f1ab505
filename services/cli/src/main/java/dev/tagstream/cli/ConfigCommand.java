package dev.tagstream.cli;

import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.ClientProperties;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.ProcessSettings;
import dev.tagstream.core.config.SerdeConfig;
import dev.tagstream.core.config.SerdeSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagstream config}: the configuration reference of every service, as Markdown (the README's
 * table).
 */
final class ConfigCommand implements Command {
  private final List<ServiceFactory> factories;

  ConfigCommand(List<ServiceFactory> factories) {
    this.factories = factories;
  }

  @Override
  public String name() {
    return "config";
  }

  @Override
  public String summary() {
    return "Print the configuration reference (every setting, its environment variable and default).";
  }

  @Override
  public List<Setting> settings() {
    return List.of(KafkaSettings.KAFKA_CONFIG);
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help")) {
      out.print(
          SettingsHelp.help(
              "tagstream config [--kafka-config FILE] [--kafka.PROPERTY VALUE ...]",
              summary()
                  + " Client properties given (as flags, TAGSTREAM_*KAFKA_* variables or files) are then shown as each"
                  + " service receives them, and the serde and schema-registry settings given as read; secrets masked.",
              given()));
      return 0;
    }
    out.print(reference(factories));
    Settings s = Settings.parse(given(), args);
    ClientProperties client = KafkaSettings.clientProperties(s);
    if (!client.shared().isEmpty() || !client.overrides().isEmpty()) {
      out.print(effective(client));
    }
    if (SerdeSettings.all().stream().anyMatch(s::isGiven)) {
      out.print(effective(SerdeSettings.read(s)));
    }
    return 0;
  }

  /**
   * What config reads from its arguments: the client properties and the value encoding settings.
   */
  private static List<Setting> given() {
    List<Setting> given = new ArrayList<>(List.of(KafkaSettings.KAFKA_CONFIG));
    given.addAll(SerdeSettings.all());
    return given;
  }

  /** The encoding and registry settings in effect, the password masked. */
  static String effective(SerdeConfig serde) {
    StringBuilder b =
        new StringBuilder(
            "\n### Value encoding in effect (secrets masked)\n\n| key | value |\n|---|---|\n");
    serde
        .masked()
        .forEach((k, v) -> b.append("| `").append(k).append("` | `").append(v).append("` |\n"));
    return b.toString();
  }

  /**
   * What each service's clients receive, secrets masked: how to check a deployment's settings
   * safely.
   */
  static String effective(ClientProperties client) {
    StringBuilder b =
        new StringBuilder(
            "\n### Kafka client properties in effect (secrets masked)\n\n"
                + "| clients | property | value |\n|---|---|---|\n");
    client
        .masked()
        .forEach(
            (k, v) ->
                b.append("| every command | `")
                    .append(k)
                    .append("` | `")
                    .append(v)
                    .append("` |\n"));
    for (String role : ClientProperties.ROLES) {
      client
          .forRole(role)
          .masked()
          .forEach(
              (k, v) ->
                  b.append("| ")
                      .append(role)
                      .append(" | `")
                      .append(k)
                      .append("` | `")
                      .append(v)
                      .append("` |\n"));
    }
    return b.toString();
  }

  /** Every setting any service or the process reads (what deployment files may set). */
  static List<Setting> allSettings(List<ServiceFactory> factories) {
    List<Setting> all = new ArrayList<>(ServiceCommand.settingsOf(factories));
    all.add(Settings.CONFIG_FILE);
    all.addAll(ProcessSettings.all());
    return all;
  }

  static String reference(List<ServiceFactory> factories) {
    StringBuilder b = new StringBuilder("### Shared (Kafka and files)\n\n");
    List<Setting> shared = new ArrayList<>(KafkaSettings.all());
    shared.add(Settings.CONFIG_FILE);
    b.append(SettingsHelp.markdown(shared));
    b.append(
        "\n### Process (environment only)\n\n| environment variable | default | meaning |\n|---|---|---|\n");
    for (Setting p : ProcessSettings.all()) {
      b.append("| `")
          .append(p.env())
          .append("` | ")
          .append(p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`")
          .append(" | ")
          .append(p.doc())
          .append(" |\n");
    }
    b.append(
            "\n### up (local mode)\n\nOnly `tagstream up` reads these; they fill in the services' keys that were not "
                + "given.\n\n")
        .append(SettingsHelp.markdown(LocalMode.all()));
    for (ServiceFactory f : factories) {
      b.append("\n### ")
          .append(f.name())
          .append("\n\n")
          .append(f.summary())
          .append("\n\n")
          .append(SettingsHelp.markdown(f.settings()));
    }
    return b.toString();
  }
}
