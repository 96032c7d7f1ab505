package dev.tagstream.core.config;

import java.util.Collection;

/** Renders settings as the help text of a command and as the README's configuration reference. */
public final class SettingsHelp {
  private SettingsHelp() {}

  public static String help(String usage, String purpose, Collection<Setting> settings) {
    StringBuilder b = new StringBuilder();
    b.append("Usage: ")
        .append(usage)
        .append("\n\n")
        .append(purpose)
        .append("\n\nOptions (flag | environment | default):\n");
    for (Setting s : settings) {
      b.append(String.format("  %-28s %s%n", s.flag(), s.doc()));
      b.append(
          String.format(
              "  %-28s env %s; default %s%n",
              "",
              s.env(),
              s.defaultValue() == null
                  ? "(none)"
                  : s.defaultValue().isEmpty() ? "\"\"" : s.defaultValue()));
    }
    if (settings.stream().anyMatch(s -> s.key().equals(KafkaSettings.KAFKA_CONFIG.key()))) {
      b.append(
          String.format(
              "  %-28s %s%n",
              "--kafka.PROPERTY VALUE",
              "Any Kafka client property for every client (env TAGSTREAM_KAFKA_PROPERTY, _ for .)."));
      b.append(
          String.format(
              "  %-28s %s%n",
              "--SERVICE.kafka.PROPERTY",
              "The same for one service's clients ("
                  + String.join(", ", ClientProperties.ROLES)
                  + "); wins over kafka.*."));
    }
    b.append(
        String.format(
            "  %-28s %s%n", Settings.CONFIG_FILE.flag() + " FILE", Settings.CONFIG_FILE.doc()));
    b.append(String.format("  %-28s %s%n", "--help", "Show this help."));
    return b.toString();
  }

  /** A Markdown table row per setting. */
  public static String markdown(Collection<Setting> settings) {
    StringBuilder b =
        new StringBuilder(
            "| key / flag | environment variable | default | meaning |\n|---|---|---|---|\n");
    for (Setting s : settings) {
      b.append("| `")
          .append(s.flag())
          .append("` | `")
          .append(s.env())
          .append("` | ")
          .append(s.defaultValue() == null ? "" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }
}
