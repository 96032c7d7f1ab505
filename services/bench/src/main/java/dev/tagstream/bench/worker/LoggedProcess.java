package dev.tagstream.bench.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A contestant a bench started as a child process, whose output goes to {@code log}: what a lane
 * asks of it while measuring (is it alive, how much CPU has it used) and what a failure shows.
 *
 * @param what how a failure names it ("a worker process", "the Python peer")
 */
public record LoggedProcess(String what, Process process, Path log) {

  /** Fails with the process's own output if it has ended. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          what + " stopped (exit " + process.exitValue() + "):\n" + output());
    }
  }

  /** CPU time the process has used so far (all its threads). */
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Everything the process has written so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
