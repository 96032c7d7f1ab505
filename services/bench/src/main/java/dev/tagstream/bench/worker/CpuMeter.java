package dev.tagstream.bench.worker;

import dev.tagstream.core.ops.ThreadCpu;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the CPU went during one timed part of the bench, in cores (CPU seconds per wall second):
 * this JVM's Java threads by role (worker, embedded broker, Kafka clients and load generator), its
 * JIT compiler and garbage collector threads (from /proc/self/task), the rest of this process
 * (mostly libtorch's native pool), and every other process on the machine (from /proc/stat; the
 * noise).
 */
final class CpuMeter {
  static final String FETCH = "worker fetch";
  static final String INFERENCE = "worker inference";
  static final String KAFKA_IO = "worker kafka";
  static final String BROKER = "broker+jvm";
  static final String BENCH = "bench";
  private static final String[] ROLES = {FETCH, INFERENCE, KAFKA_IO, BROKER, BENCH};

  private record Snapshot(
      long wall,
      long process,
      long machineBusy,
      long machineTotal,
      Map<String, Long> roles,
      long jitNanos,
      long gcNanos) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Snapshot start;

  /** Cores used, by role, between {@link #start()} and {@link #stop()}. */
  record Usage(
      double process,
      Map<String, Double> roles,
      double jit,
      double gc,
      double nativeRest,
      double otherProcesses) {
    String describe() {
      StringBuilder s = new StringBuilder(String.format("this JVM %.2f cores (", process));
      roles.forEach((k, v) -> s.append(String.format("%s %.2f, ", k, v)));
      return s.append(
              String.format(
                  "JIT %.2f, GC %.2f, libtorch pool+other %.2f); other processes %.2f cores",
                  jit, gc, nativeRest, otherProcesses))
          .toString();
    }
  }

  void start() {
    start = snapshot();
  }

  Usage stop() {
    Snapshot end = snapshot();
    double wall = (end.wall() - start.wall()) / 1e9;
    Map<String, Double> roles = new LinkedHashMap<>();
    double javaThreads = 0;
    for (String role : ROLES) {
      double cores =
          (end.roles().getOrDefault(role, 0L) - start.roles().getOrDefault(role, 0L)) / 1e9 / wall;
      roles.put(role, cores);
      javaThreads += cores;
    }
    double process = (end.process() - start.process()) / 1e9 / wall;
    double machineCores = Runtime.getRuntime().availableProcessors();
    long total = end.machineTotal() - start.machineTotal();
    double machineBusy =
        total <= 0 ? 0 : machineCores * (end.machineBusy() - start.machineBusy()) / (double) total;
    double jit = (end.jitNanos() - start.jitNanos()) / 1e9 / wall;
    double gc = (end.gcNanos() - start.gcNanos()) / 1e9 / wall;
    return new Usage(
        process,
        roles,
        jit,
        gc,
        Math.max(0, process - javaThreads - jit - gc),
        Math.max(0, machineBusy - process));
  }

  private Snapshot snapshot() {
    Map<String, Long> roles = new LinkedHashMap<>();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu > 0) {
        roles.merge(role(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    long[] machine = machineTicks();
    long[] jvm = jitAndGcNanos();
    return new Snapshot(
        System.nanoTime(), os.getProcessCpuTime(), machine[0], machine[1], roles, jvm[0], jvm[1]);
  }

  /** CPU of this process's JIT compiler threads and garbage collector threads, in ns. */
  private static long[] jitAndGcNanos() {
    Map<String, Long> jvm =
        ThreadCpu.byGroup(name -> Objects.requireNonNullElse(ThreadCpu.jvmRole(name), "other"));
    return new long[] {jvm.getOrDefault(ThreadCpu.JIT, 0L), jvm.getOrDefault(ThreadCpu.GC, 0L)};
  }

  /**
   * By thread name: the worker's fetch pool, its inference threads, its consumer loop and Kafka
   * client I/O; the bench's own threads (parts a and b, load generator, reader); everything else,
   * mostly the embedded broker.
   */
  static String role(String threadName) {
    if (threadName.startsWith("tagstream-worker-fetch")) {
      return FETCH;
    }
    if (threadName.startsWith("tagstream-worker-inference")) {
      return INFERENCE;
    }
    if (threadName.startsWith("tagstream-worker-") || threadName.contains("| tagstream-worker-")) {
      return KAFKA_IO;
    }
    if (threadName.startsWith("bench")
        || threadName.equals("main")
        || threadName.contains("| bench-")
        || threadName.startsWith("kafka-coordinator-heartbeat")) {
      return BENCH;
    }
    return BROKER;
  }

  // /proc/stat's first line: user nice system idle iowait irq softirq steal ...; busy = total -
  // idle - iowait
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0}; // not Linux: other processes read as 0
    }
  }
}
