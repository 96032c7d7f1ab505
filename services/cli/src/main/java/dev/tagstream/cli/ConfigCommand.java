package dev.tagstream.cli;

import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.KafkaSettings;
import dev.tagstream.core.config.ProcessSettings;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code tagstream config}: the configuration reference of every service, as Markdown (the README's table). */
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
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help")) {
      out.println("Usage: tagstream config\n\n" + summary());
      return 0;
    }
    out.print(reference(factories));
    return 0;
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
    b.append("\n### Process (environment only)\n\n| environment variable | default | meaning |\n|---|---|---|\n");
    for (Setting p : ProcessSettings.all()) {
      b.append("| `").append(p.env()).append("` | ").append(p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`")
          .append(" | ").append(p.doc()).append(" |\n");
    }
    for (ServiceFactory f : factories) {
      b.append("\n### ").append(f.name()).append("\n\n").append(f.summary()).append("\n\n")
          .append(SettingsHelp.markdown(f.settings()));
    }
    return b.toString();
  }
}
