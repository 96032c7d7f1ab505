package dev.tagstream.cli.reliability;

import dev.tagstream.cli.Main;
import dev.tagstream.core.config.ChildJvmEnvironment;
import dev.tagstream.core.config.ProcessSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One tagstream service (or Kafka node) run as a separate JVM ({@code tagstream <service> ...}), so
 * that it can be killed the way an operating system or an orchestrator kills it: SIGKILL, no
 * shutdown hook, no drain, no commit.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;
  private boolean killedByUs;
  private int unexpectedExits;

  private final String logLevel;

  ChildProcess(String name, List<String> args, Path log, String logLevel) {
    this(name, List.of("-Xmx1g"), Main.class.getName(), args, log, logLevel);
  }

  /**
   * A JVM running {@code mainClass} from this classpath with {@code jvmOptions} ("-Xmx...", ...).
   */
  ChildProcess(
      String name,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Path log,
      String logLevel) {
    this.name = name;
    this.logLevel = logLevel;
    this.log = log;
    this.command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    this.command.addAll(jvmOptions);
    this.command.addAll(
        List.of(
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=1",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    this.command.addAll(args);
  }

  String name() {
    return name;
  }

  synchronized void start() {
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    ChildJvmEnvironment.applyTo(b.environment());
    b.environment().put(ProcessSettings.LOG_LEVEL.env(), logLevel);
    try {
      process = b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
    killedByUs = false;
  }

  /** SIGKILL and wait for the process to be gone. */
  synchronized void kill() throws InterruptedException {
    killedByUs = true;
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Restarts the process if it died without being killed by us, counting that as a crash. */
  synchronized boolean reviveIfCrashed() {
    if (process != null && !process.isAlive() && !killedByUs) {
      unexpectedExits++;
      start();
      return true;
    }
    return false;
  }

  /** The operating system's id of the running process, or -1 before the first start. */
  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** Exits that nobody asked for (each one is a crash). */
  synchronized int unexpectedExits() {
    return unexpectedExits + (process != null && !process.isAlive() && !killedByUs ? 1 : 0);
  }

  Path log() {
    return log;
  }

  /** A graceful stop (SIGTERM: the service drains and commits). */
  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      killedByUs = true;
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
