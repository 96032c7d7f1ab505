package dev.tagstream.cli;

import dev.tagstream.core.ServiceFactory;
import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Every subcommand: the built-in ones, one per registered service, and those modules register. */
final class CommandCatalog {
  private final List<Command> commands;

  private CommandCatalog(List<Command> commands) {
    this.commands = List.copyOf(commands);
  }

  static CommandCatalog load() {
    List<ServiceFactory> services = services();
    List<Command> all = new ArrayList<>();
    all.add(new UpCommand(services));
    for (ServiceFactory f : services) {
      all.add(new ServiceCommand(f));
    }
    all.add(new BrokerCommand());
    all.add(new TailCommand());
    all.add(new ConfigCommand(services));
    all.add(new dev.tagstream.cli.demo.DemoCommand(services));
    all.add(new dev.tagstream.cli.reliability.ReliabilityCommand());
    all.add(new dev.tagstream.cli.reliability.SoakCommand());
    ServiceLoader.load(Command.class).forEach(all::add);
    return new CommandCatalog(all);
  }

  static List<ServiceFactory> services() {
    List<ServiceFactory> list = new ArrayList<>();
    ServiceLoader.load(ServiceFactory.class).forEach(list::add);
    list.sort(
        Comparator.comparingInt(ServiceFactory::startOrder).thenComparing(ServiceFactory::name));
    return list;
  }

  /** A command and the arguments after its name. */
  record Match(Command command, List<String> rest) {}

  /** Longest name wins, so {@code bench worker} is found before a hypothetical {@code bench}. */
  Match find(List<String> args) {
    Match best = null;
    int bestWords = 0;
    for (Command c : commands) {
      List<String> words = List.of(c.name().split(" "));
      if (words.size() <= args.size()
          && args.subList(0, words.size()).equals(words)
          && words.size() > bestWords) {
        best = new Match(c, args.subList(words.size(), args.size()));
        bestWords = words.size();
      }
    }
    return best;
  }

  /** The variable the ./tagstream launcher reads (JVM options), not a setting. */
  static final String LAUNCHER_JAVA_OPTS = "TAGSTREAM_JAVA_OPTS";

  /** The launcher's switch for its class-data archive ({@code off} skips it), not a setting. */
  static final String LAUNCHER_CDS = "TAGSTREAM_CDS";

  /** Refuses a TAGSTREAM_* variable that no command reads, naming the nearest one that is read. */
  void checkEnvironment(Map<String, String> env) {
    List<Setting> every = new ArrayList<>();
    commands.forEach(c -> every.addAll(c.settings()));
    Settings.checkEnvironment(every, List.of(LAUNCHER_JAVA_OPTS, LAUNCHER_CDS), env);
  }

  String usage() {
    StringBuilder b =
        new StringBuilder(
            "tagstream: streaming image tagging for large label spaces with incomplete labels.\n\n"
                + "Usage: tagstream COMMAND [--option value ...]   (tagstream COMMAND --help for its options)\n\nCommands:\n");
    for (Command c : commands) {
      b.append(String.format("  %-21s %s%n", c.name(), c.summary()));
    }
    b.append(
        "\nEvery option can also come from TAGSTREAM_<OPTION> or a --config properties file.\n");
    return b.toString();
  }

  List<Command> commands() {
    return commands;
  }
}
