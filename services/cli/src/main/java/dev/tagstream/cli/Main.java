package dev.tagstream.cli;

import dev.tagstream.core.cli.TerminalWriter;
import dev.tagstream.core.config.ConfigException;
import dev.tagstream.core.kafka.KafkaUnavailableException;
import dev.tagstream.core.kafka.SchemaRegistrationException;
import dev.tagstream.core.schemaregistry.LocalRegistryException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code tagstream} command: finds the subcommand and runs it; exit codes 0 ok,
 * 1 failed, 2 usage.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream err = TerminalWriter.installOnStderr(); // before anything logs
    int rc = run(Arrays.asList(args), System.out, err);
    System.out.flush();
    System.err.flush();
    // Kafka and DJL leave non-daemon threads behind; a finished command must still end the process.
    System.exit(rc);
  }

  /** Runs one invocation; never calls System.exit, so tests can drive it. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    CommandCatalog catalog = CommandCatalog.load();
    if (args.isEmpty()
        || args.get(0).equals("--help")
        || args.get(0).equals("-h")
        || args.get(0).equals("help")) {
      out.print(catalog.usage());
      return args.isEmpty() ? 2 : 0;
    }
    CommandCatalog.Match match = catalog.find(args);
    if (match == null) {
      err.println(
          "tagstream: unknown command '"
              + String.join(" ", args.subList(0, Math.min(2, args.size())))
              + "'. Run 'tagstream --help' for the list.");
      return 2;
    }
    try {
      catalog.checkEnvironment(System.getenv());
      return match.command().run(match.rest(), out, err);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("tagstream " + match.command().name() + ": " + e.getMessage());
      return 2;
    } catch (KafkaUnavailableException | SchemaRegistrationException | LocalRegistryException e) {
      // its message says what to do; the class name would only be noise
      err.println("tagstream " + match.command().name() + ": " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("tagstream " + match.command().name() + " failed: " + e);
      if (System.getenv(dev.tagstream.core.config.ProcessSettings.DEBUG.env()) != null) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }
}
