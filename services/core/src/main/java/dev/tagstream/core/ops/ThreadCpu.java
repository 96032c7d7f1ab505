package dev.tagstream.core.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * CPU time this process's threads have used so far, from {@code /proc/self/task}, so that the JIT
 * compiler's and the garbage collector's threads, which Java's thread MXBean does not list, count
 * too. Threads are known by their kernel names (the first 15 characters: "C2 CompilerThre", "GC
 * Thread#0", "ingest-http-1", ...). Empty where there is no /proc (not Linux).
 */
public final class ThreadCpu {
  // Linux reports /proc times in USER_HZ ticks, 100 per second on every mainstream kernel
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** {@link #jvmRole}'s names. */
  public static final String JIT = "JIT";

  public static final String GC = "GC";

  /**
   * A benchmark's warm-up is over once the JIT compiler's threads use less than this share of the
   * cores' time: its measured parts then time the code, not the compiling of it (on two cores,
   * under 2.5 % of their time).
   */
  public static final double SETTLED_JIT_CORES = 0.05;

  private ThreadCpu() {}

  /** Nanoseconds of CPU (user + system) so far, summed by {@code group} of the kernel name. */
  public static Map<String, Long> byGroup(Function<String, String> group) {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(
          t -> {
            try {
              String stat = Files.readString(t.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
              out.merge(group.apply(name), ticks * NANOS_PER_TICK, Long::sum);
            } catch (IOException | RuntimeException e) {
              // the thread ended between listing and reading: its time is lost to both snapshots
            }
          });
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /** Nanoseconds of CPU the JIT compiler's threads have used so far. */
  public static long jitNanos() {
    return byGroup(n -> JIT.equals(jvmRole(n)) ? JIT : "").getOrDefault(JIT, 0L);
  }

  /** {@link #JIT} for the compiler's threads, {@link #GC} for the collector's, else null. */
  public static String jvmRole(String kernelName) {
    if (kernelName.startsWith("C1 CompilerThre") || kernelName.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    return kernelName.startsWith("GC Thread") || kernelName.startsWith("G1 ") ? GC : null;
  }
}
