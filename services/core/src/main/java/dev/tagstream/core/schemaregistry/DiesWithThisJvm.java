package dev.tagstream.core.schemaregistry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child command so that it ends with this JVM, however the JVM ends: a shutdown hook does
 * not run after SIGKILL (or an OOM kill), and a registry left behind would hold 250 MB and a port.
 * The command runs under a small {@code sh} that reads its standard input, a pipe only this JVM
 * writes to; the kernel closes that pipe when the JVM dies in any way, and the wrapper stops the
 * command on the end of its input. The wrapper exits with the command's status, so {@link
 * Process#isAlive} and {@link Process#exitValue} still describe the command.
 */
final class DiesWithThisJvm {
  /**
   * fd 3 keeps the pipe for the watcher (an asynchronous list's stdin is /dev/null); a TERM to the
   * wrapper ({@link Process#destroy}) is passed on; a trapped signal ends {@code wait} early, so it
   * waits again until the command is gone.
   */
  static final String WRAPPER =
      String.join(
          "\n",
          "exec 3<&0",
          "\"$@\" </dev/null &",
          "child=$!",
          "trap 'kill \"$child\" 2>/dev/null' TERM INT HUP",
          "{ while read -r _ <&3; do :; done; kill \"$child\" 2>/dev/null; } &",
          "watcher=$!",
          "exec 3<&-",
          "status=1",
          "while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; status=$?; done",
          "kill \"$watcher\" 2>/dev/null",
          "exit \"$status\"");

  private DiesWithThisJvm() {}

  /** {@code command} under the wrapper, for a {@link ProcessBuilder} whose stdin stays a pipe. */
  static List<String> command(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "sh"));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Stops the command as its parent's death would (closing the pipe: SIGTERM to it), then by force
   * (it and every descendant) if it is still running after {@code timeout}.
   */
  static void stop(Process wrapper, Duration timeout) {
    try {
      wrapper.getOutputStream().close();
    } catch (IOException e) {
      wrapper.destroy(); // the pipe is gone already; the TERM trap does the same
    }
    try {
      if (!wrapper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
        wrapper.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
      wrapper.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
