package dev.tagstream.cli.reliability;

import dev.tagstream.cli.demo.MetricsScrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One process's resources at one moment: heap used and live Java threads from its Prometheus scrape
 * (NaN for a process without one, such as a Kafka node), and from {@code /proc/<pid>} its
 * operating-system threads (the JVM's and native ones, libtorch's included), resident memory (heap,
 * native and DJL's tensors alike) and open file descriptors.
 */
record Resources(
    double heapMiB, double javaThreads, double threads, double rssMiB, double openFiles) {
  static final Resources UNREADABLE =
      new Resources(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  private static final double MIB = 1024.0 * 1024.0;

  /** Reads process {@code pid}; {@code metricsPort} below 1: no scrape. */
  static Resources read(long pid, int metricsPort) {
    if (pid <= 0) {
      return UNREADABLE;
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    double threads;
    double rss;
    double files;
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      String status = Files.readString(proc.resolve("status"));
      threads = statusField(status, "Threads");
      rss = statusField(status, "VmRSS") / 1024.0; // kB
      files = fds.count();
    } catch (IOException | UncheckedIOException e) {
      return UNREADABLE; // gone between two samples (a crash, counted elsewhere)
    }
    double heap = Double.NaN;
    double javaThreads = Double.NaN;
    if (metricsPort > 0) {
      String scrape = scrape(metricsPort);
      heap = heapBytes(scrape) / MIB;
      javaThreads = MetricsScrape.gauge(scrape, "jvm_threads_live_threads");
    }
    return new Resources(heap, javaThreads, threads, rss, files);
  }

  /** A numeric field of /proc/PID/status ("VmRSS:\t 123456 kB" → 123456); NaN if absent. */
  static double statusField(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        return Double.parseDouble(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return Double.NaN;
  }

  /** The sum of {@code jvm_memory_used_bytes} over the heap's pools; NaN if the scrape has none. */
  static double heapBytes(String scrape) {
    double sum = Double.NaN;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = Double.isNaN(sum) ? v : sum + v;
      }
    }
    return sum;
  }

  private static String scrape(int port) {
    try {
      return new MetricsScrape(port).scrape();
    } catch (IOException e) {
      return ""; // not answering this time: the sample's JVM figures are NaN
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
