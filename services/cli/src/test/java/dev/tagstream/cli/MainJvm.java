package dev.tagstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs tagstream's {@link Main} on this test's class path, for
 * the tests that need an OS process of their own: an exit status, a signal, a kill.
 */
final class MainJvm {
  private MainJvm() {}

  /** {@code java <jvmFlags> -cp <test class path> dev.tagstream.cli.Main <args>}, mutable. */
  static List<String> command(List<String> jvmFlags, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
