package dev.tagstream.cli.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The resources of every watched process, sampled on demand, and at the end one verdict per process
 * and figure ({@link Growth}): start, peak, end, and whether it stopped rising.
 */
final class ResourceLog {
  /** A watched process and the port of its /metrics (0: none, e.g. a Kafka node). */
  record Watched(ChildProcess process, int metricsPort) {}

  /** One reading: seconds since the log began, the process id then, what was read. */
  record Sample(double seconds, long pid, Resources resources) {}

  /**
   * A judged figure: its name and unit, how to read it, the growth allowed in the last third
   * ({@code max(absolute, relative × peak)}), and whether it is judged by its lowest values (a
   * heap, see {@link Growth#judgeLowest}) instead of its trend.
   */
  private record Figure(
      String name,
      String format,
      ToDoubleFunction<Resources> value,
      double relative,
      double absolute,
      boolean lowest) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure("heap used (MiB)", "%.0f", Resources::heapMiB, 0.10, 32, true),
          new Figure("live Java threads", "%.0f", Resources::javaThreads, 0.10, 8, false),
          new Figure("OS threads (JVM and native)", "%.0f", Resources::threads, 0.10, 8, false),
          new Figure("resident memory VmRSS (MiB)", "%.0f", Resources::rssMiB, 0.10, 64, false),
          new Figure("open files (/proc/PID/fd)", "%.0f", Resources::openFiles, 0.10, 16, false));

  private final List<Watched> watched;
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final long t0 = System.nanoTime();

  ResourceLog(List<Watched> watched) {
    this.watched = List.copyOf(watched);
    watched.forEach(w -> samples.put(w.process().name(), new ArrayList<>()));
  }

  /** Reads every watched process once. */
  synchronized void sample() {
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (Watched w : watched) {
      long pid = w.process().pid();
      samples
          .get(w.process().name())
          .add(new Sample(seconds, pid, Resources.read(pid, w.metricsPort())));
    }
  }

  /** Samples taken so far of each process. */
  synchronized int count() {
    return samples.values().stream().mapToInt(List::size).min().orElse(0);
  }

  /** One row per process and figure it has (a Kafka node has no heap or Java thread figures). */
  synchronized void judge(Report report) {
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      for (Figure f : FIGURES) {
        double[] series =
            e.getValue().stream()
                .mapToDouble(s -> f.value().applyAsDouble(s.resources()))
                .toArray();
        if (java.util.Arrays.stream(series).allMatch(Double::isNaN)) {
          continue;
        }
        Growth.Verdict v =
            f.lowest()
                ? Growth.judgeLowest(series, f.relative(), f.absolute())
                : Growth.judge(series, f.relative(), f.absolute());
        report.add(
            "resources",
            e.getKey() + ": " + f.name(),
            String.format(
                Locale.ROOT,
                (f.lowest() ? "last third's lowest - middle third's" : "last-third trend")
                    + " ≤ max(%s, %.0f %% of peak)",
                String.format(Locale.ROOT, f.format(), f.absolute()),
                100 * f.relative()),
            v.describe(f.format()),
            v.bounded());
      }
    }
  }

  /** Every sample as CSV: seconds, process, pid, then the five figures. */
  synchronized String csv() {
    StringBuilder b =
        new StringBuilder("seconds,process,pid,heap_mib,java_threads,threads,rss_mib,open_files\n");
    for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
      for (Sample s : e.getValue()) {
        Resources r = s.resources();
        b.append(
            String.format(
                Locale.ROOT,
                "%.1f,%s,%d,%s,%s,%s,%s,%s%n",
                s.seconds(),
                e.getKey(),
                s.pid(),
                cell(r.heapMiB()),
                cell(r.javaThreads()),
                cell(r.threads()),
                cell(r.rssMiB()),
                cell(r.openFiles())));
      }
    }
    return b.toString();
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
  }
}
