package dev.tagstream.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python side of the peer bench: its scripts (shipped as resources, copied to a work folder)
 * and the interpreter that runs them, Debian's /usr/bin/python3 with python3-torch,
 * -confluent-kafka, -pil, -numpy and -avro.
 */
public final class PythonPeers {
  public static final String DEFAULT_PYTHON = "/usr/bin/python3";
  static final String PACKAGES =
      "python3-torch python3-confluent-kafka python3-pil python3-numpy python3-avro"
          + " libopenblas0-pthread";
  private static final List<String> SCRIPTS = List.of("peer.py", "export_torchscript.py");

  private final String python;
  private final Path dir;

  private PythonPeers(String python, Path dir) {
    this.python = python;
    this.dir = dir;
  }

  /**
   * Copies the scripts into workDir and checks that the interpreter imports what they need; fails
   * fast if not.
   */
  public static PythonPeers open(String python, Path workDir) {
    try {
      Path dir = Files.createDirectories(workDir.resolve("python"));
      for (String s : SCRIPTS) {
        try (InputStream in = PythonPeers.class.getResourceAsStream(s)) {
          Files.copy(in, dir.resolve(s), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      PythonPeers p = new PythonPeers(python, dir);
      Result r = p.run(List.of("-c", "import torch, confluent_kafka, PIL, numpy, avro"), 120);
      if (r.code() != 0) {
        throw new IllegalStateException(
            python
                + " cannot import the peers' packages (apt-get install -y "
                + PACKAGES
                + "):\n"
                + r.output());
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A finished run: exit code and everything it printed (stdout and stderr together). */
  record Result(int code, String output) {}

  Result script(String script, List<String> args, int timeoutSeconds) {
    List<String> all = new ArrayList<>();
    all.add(dir.resolve(script).toString());
    all.addAll(args);
    return run(all, timeoutSeconds);
  }

  /** A script run that must succeed; its output otherwise becomes the error. */
  String scriptOrThrow(String script, List<String> args, int timeoutSeconds) {
    Result r = script(script, args, timeoutSeconds);
    if (r.code() != 0) {
      throw new IllegalStateException(script + " failed (exit " + r.code() + "):\n" + r.output());
    }
    return r.output();
  }

  /** A long-running script, its stdout and stderr inherited, for the consumers. */
  Process start(String script, List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(python, "-u", dir.resolve(script).toString()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private Result run(List<String> args, int timeoutSeconds) {
    List<String> cmd = new ArrayList<>(List.of(python));
    cmd.addAll(args);
    try {
      Path log = Files.createTempFile(dir, "run-", ".log");
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", cmd) + " took more than " + timeoutSeconds + " s");
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + python + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
    }
  }
}
