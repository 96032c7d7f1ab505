package dev.tagstream.cli.reliability;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code tagstream bench soak}: a long steady load through the whole pipeline, every service its
 * own process, with each process's heap, threads, resident memory and open files sampled
 * throughout; fails (exit status 1) if a reference is lost or duplicated, a process crashes, the
 * rate is not kept, or a figure is still rising in the last third of the run.
 */
public final class SoakCommand implements Command {
  static final Setting REFERENCES =
      Setting.of("references", "1000000", "Good references posted through the ingest API.");
  static final Setting RATE =
      Setting.of("rate", "510", "References per second through ingest, steady.");
  static final Setting DURATION =
      Setting.of(
          "duration",
          "34m",
          "Least time the services run and are sampled (the load, references / rate, must fit).");
  static final Setting WORKERS = Setting.of("workers", "2", "Worker processes.");
  static final Setting BATCH = Setting.of("batch", "500", "References per POST /v1/images.");
  static final Setting LEAD =
      Setting.of(
          "lead",
          "100000",
          "How far ingest may run ahead of the workers' outputs (references) before posting waits.");
  static final Setting LABELS =
      Setting.of("labels", "1000", "Labels in the vocabulary and the model's head.");
  static final Setting SAMPLE =
      Setting.of("sample", "30s", "How often each process's resources are read.");
  static final Setting STALL =
      Setting.of(
          "stall",
          "120s",
          "Longest time without any output before the run stops and reports what is missing.");
  static final Setting DIR =
      Setting.of(
          "dir", null, "Working folder (default: a new temporary folder, deleted unless --keep).");
  static final Setting KEEP =
      Setting.of("keep", "false", "Keep the working folder (logs of every process) after the run.");
  static final Setting OUT =
      Setting.of(
          "out",
          null,
          "Also write the table (markdown, headed by the command) to this file, and every sample"
              + " beside it (same name, -samples.csv).");
  static final List<Setting> SETTINGS =
      List.of(
          REFERENCES, RATE, DURATION, WORKERS, BATCH, LEAD, LABELS, SAMPLE, STALL, DIR, KEEP, OUT);

  @Override
  public String name() {
    return "bench soak";
  }

  @Override
  public String summary() {
    return "A long steady load through every service as its own process; checks nothing is lost and no resource keeps growing.";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream bench soak [options]", summary(), SETTINGS));
      return 0;
    }
    Settings s = Settings.parse(SETTINGS, args);
    boolean temporary = !s.isSet(DIR);
    // checked before a folder is made: a mistake leaves nothing behind
    SoakPlan plan =
        new SoakPlan(
            null,
            s.integer(REFERENCES, 100, 10_000_000),
            s.integer(RATE, 1, 100_000),
            s.duration(DURATION, Duration.ofSeconds(10), Duration.ofDays(7)),
            s.integer(WORKERS, 1, 8),
            s.integer(BATCH, 1, 10_000),
            s.integer(LEAD, 100, 10_000_000),
            s.integer(LABELS, 2, 100_000),
            s.duration(SAMPLE, Duration.ofSeconds(1), Duration.ofHours(1)),
            s.duration(STALL, Duration.ofSeconds(1), Duration.ofDays(1)));
    Path dir = RunFolder.create(temporary ? null : s.path(DIR), "tagstream-soak");
    plan = plan.in(dir.toAbsolutePath());
    long t0 = System.nanoTime();
    SoakRun run = new SoakRun(plan, err);
    Report report =
        RunFolder.around(
            dir, temporary && !s.bool(KEEP), "process logs, samples.csv", err, run::execute);
    String table =
        String.format(
            "%s%nrun time: %.0f s; %d workers, exactly-once, 1 broker; %d samples per process%n",
            report.markdown(), (System.nanoTime() - t0) / 1e9, plan.workers(), run.samples());
    out.print(table);
    if (s.isSet(OUT)) {
      Path file = s.path(OUT);
      RunFolder.writeHeaded(file, "Soak run", name(), args, table);
      String name = file.getFileName().toString();
      Files.writeString(
          file.resolveSibling(name.replaceFirst("\\.md$", "") + "-samples.csv"), run.csv());
    }
    return report.failures() == 0 ? 0 : 1;
  }
}
