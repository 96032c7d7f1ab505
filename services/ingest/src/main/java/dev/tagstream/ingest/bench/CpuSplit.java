package dev.tagstream.ingest.bench;

import dev.tagstream.core.ops.ThreadCpu;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * CPU time of this process by thread group, from {@code /proc/self/task} (so the JIT compiler and
 * GC threads, which Java's thread MXBean does not list, are counted too), summed over measured
 * runs. Threads that end within a run (the raw run's producer network thread, the HTTP run's client
 * threads) count only in the process total.
 */
final class CpuSplit {
  /**
   * Thread-name prefixes (as the kernel keeps them: 15 characters; the launcher's main thread is
   * "java") and groups.
   */
  private static final List<String[]> GROUPS =
      List.of(
          new String[] {"ingest-http", "request threads"},
          new String[] {"pool-", "bench clients"},
          new String[] {"java", "main thread (raw sends)"},
          new String[] {"kafka-producer", "producer network"},
          new String[] {"data-plane", "broker"});

  private final Map<String, Long> sums = new TreeMap<>();
  private long processNanos;
  private long records;

  /** Runs {@code run}, adding the CPU it took, by group, to this tally of {@code n} records. */
  <T> T measure(int n, Callable<T> run) throws Exception {
    long p0 = processCpu();
    Map<String, Long> before = snapshot();
    T result = run.call();
    since(before, snapshot()).forEach((g, d) -> sums.merge(g, d, Long::sum));
    processNanos += processCpu() - p0;
    records += n;
    return result;
  }

  /**
   * µs of process CPU per record, and its split; threads that ended during a run only show in the
   * total.
   */
  String perRecord() {
    StringBuilder b =
        new StringBuilder(
            String.format("%.2f µs/record of process CPU", processNanos / 1e3 / records));
    long grouped = 0;
    for (var e : sums.entrySet()) {
      b.append(String.format("; %s %.2f", e.getKey(), e.getValue() / 1e3 / records));
      grouped += e.getValue();
    }
    return b.append(
            String.format(
                "; ended threads %.2f", Math.max(0, processNanos - grouped) / 1e3 / records))
        .toString();
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Nanoseconds of CPU (user + system) used so far, by group. */
  private static Map<String, Long> snapshot() {
    return ThreadCpu.byGroup(CpuSplit::group);
  }

  /** {@code after - before}, by group; groups that did not grow are left out. */
  private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach(
        (g, n) -> {
          long d = n - before.getOrDefault(g, 0L);
          if (d > 0) {
            out.put(g, d);
          }
        });
    return out;
  }

  private static String group(String thread) {
    String jvm = ThreadCpu.jvmRole(thread);
    if (jvm != null) {
      return jvm;
    }
    for (String[] g : GROUPS) {
      if (thread.startsWith(g[0])) {
        return g[1];
      }
    }
    return "other";
  }
}
