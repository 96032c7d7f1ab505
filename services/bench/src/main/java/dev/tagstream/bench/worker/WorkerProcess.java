package dev.tagstream.bench.worker;

import dev.tagstream.core.config.ChildJvmEnvironment;
import dev.tagstream.core.config.KafkaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker in its own JVM ({@link BenchWorkerProcess}) on a bench's topics, as an operator runs
 * one: its own heap, JIT and GC, nothing else in the process. Its standard input is a pipe this JVM
 * holds; closing it (or this JVM ending) makes the worker drain and exit.
 */
public final class WorkerProcess implements AutoCloseable {
  private final LoggedProcess child;

  private WorkerProcess(LoggedProcess child) {
    this.child = child;
  }

  /**
   * Starts a worker with {@code workerArgs} (its worker.* flags) on {@code k}'s broker, topic
   * prefix and partitions, plus {@code kafkaArgs} (security, serde); {@code torchThreads} null
   * leaves libtorch its default (every core), as a worker started plainly.
   */
  public static WorkerProcess start(
      List<String> workerArgs,
      KafkaConfig k,
      List<String> kafkaArgs,
      Integer torchThreads,
      Path work,
      String name)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true"));
    if (torchThreads != null) {
      cmd.add("-Dai.djl.pytorch.num_threads=" + torchThreads);
      cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
    }
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), BenchWorkerProcess.class.getName()));
    cmd.addAll(workerArgs);
    cmd.addAll(
        List.of(
            "--bootstrap",
            k.bootstrap(),
            "--topic-prefix",
            k.topicPrefix(),
            "--partitions",
            Integer.toString(k.partitions()),
            "--data-dir",
            Files.createTempDirectory(work, name + "-").toString()));
    cmd.addAll(kafkaArgs);
    Path log = work.resolve(name + ".log");
    ProcessBuilder b =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    ChildJvmEnvironment.applyTo(b.environment());
    return new WorkerProcess(new LoggedProcess("a worker process", b.start(), log));
  }

  /** Fails with the process's own output if it has ended. */
  public void requireAlive() {
    child.requireAlive();
  }

  /** CPU time the process has used so far (all its threads). */
  public long cpuNanos() {
    return child.cpuNanos();
  }

  /**
   * Closes the worker's input (it drains and exits), then kills it if it is still there after 30 s.
   */
  @Override
  public void close() {
    try {
      child.process().getOutputStream().close();
    } catch (IOException e) {
      child.process().destroy();
    }
    try {
      if (!child.process().waitFor(30, TimeUnit.SECONDS)) {
        child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.process().destroyForcibly();
    }
  }
}
