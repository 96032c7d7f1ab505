package dev.tagstream.core.cli;

import dev.tagstream.core.config.Setting;
import java.io.PrintStream;
import java.util.List;

/**
 * A {@code tagstream} subcommand. Modules contribute commands through {@code META-INF/services/
 * dev.tagstream.core.cli.Command}, so the CLI needs no edit when a module adds one.
 */
public interface Command {
  /**
   * The word after {@code tagstream}, e.g. {@code submit} or {@code bench worker} (words separated
   * by one space).
   */
  String name();

  /** One line for {@code tagstream --help}. */
  String summary();

  /**
   * Every setting it reads. The CLI refuses a {@code TAGSTREAM_*} variable that no command reads,
   * so a command that reads settings must list them here.
   */
  default List<Setting> settings() {
    return List.of();
  }

  /**
   * Runs with the arguments after the name; {@code --help} among them prints help and returns 0.
   * Returns the exit code.
   */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
