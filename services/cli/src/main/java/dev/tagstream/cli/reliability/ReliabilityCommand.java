package dev.tagstream.cli.reliability;

import dev.tagstream.core.cli.Command;
import dev.tagstream.core.config.Setting;
import dev.tagstream.core.config.Settings;
import dev.tagstream.core.config.SettingsHelp;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code tagstream bench reliability}: load, faults, bad input and forgery attempts against the
 * whole pipeline on a real broker, and a table of what came out. Exit status 1 when any check
 * fails.
 */
public final class ReliabilityCommand implements Command {
  static final Setting IMAGES =
      Setting.of("images", "100000", "Good references posted through the ingest API.");
  static final Setting WORKERS = Setting.of("workers", "2", "Worker processes.");
  static final Setting KILLS =
      Setting.of(
          "worker-kills",
          "5",
          "Times a worker process is killed (SIGKILL) and restarted during the load.");
  static final Setting DELIVERY =
      Setting.of("delivery", "exactly-once", "Worker delivery: exactly-once or at-least-once.");
  static final Setting BROKER =
      Setting.of(
          "broker-restart", "true", "Stop and restart the broker on the same data mid-load.");
  static final Setting FEEDBACK =
      Setting.of("feedback-restart", "true", "Restart the feedback app mid-load.");
  static final Setting TRAINER =
      Setting.of("trainer-kill", "true", "Run the trainer as a process and kill it mid-training.");
  static final Setting LABELS =
      Setting.of("labels", "1000", "Labels in the vocabulary and the model's head.");
  static final Setting BATCH = Setting.of("batch", "500", "References per POST /v1/images.");
  static final Setting LEAD =
      Setting.of(
          "lead", "4000", "How far ingest may run ahead of the workers' outputs (references).");
  static final Setting RATE =
      Setting.of(
          "rate", "0", "References per second through ingest (0: as fast as --lead allows).");
  static final Setting STALL =
      Setting.of(
          "stall",
          "120s",
          "Longest time without any output before the run stops and reports what is missing.");
  static final Setting BROKERS =
      Setting.of(
          "brokers",
          "1",
          "Kafka brokers: 1 (in this JVM) or 3 (separate processes beside one controller,"
              + " replication 3, min.insync.replicas 2; the partition leaders are killed twice and"
              + " two brokers stopped at once, instead of the broker restart).");
  static final Setting OUTAGE =
      Setting.of(
          "outage",
          "30s",
          "With --brokers 3: how long two brokers stay stopped (writes must fail meanwhile).");
  static final Setting DIR =
      Setting.of(
          "dir", null, "Working folder (default: a new temporary folder, deleted unless --keep).");
  static final Setting KEEP =
      Setting.of("keep", "false", "Keep the working folder (logs of every process) after the run.");
  static final Setting OUT =
      Setting.of(
          "out", null, "Also write the table (markdown, headed by the command) to this file.");
  static final List<Setting> SETTINGS =
      List.of(
          IMAGES, WORKERS, KILLS, DELIVERY, BROKER, FEEDBACK, TRAINER, LABELS, BATCH, LEAD, RATE,
          STALL, BROKERS, OUTAGE, DIR, KEEP, OUT);

  @Override
  public String name() {
    return "bench reliability";
  }

  @Override
  public String summary() {
    return "Load, process kills, broker restart, bad input and forgery attempts; prints what was lost (nothing, we hope).";
  }

  @Override
  public List<Setting> settings() {
    return SETTINGS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(SettingsHelp.help("tagstream bench reliability [options]", summary(), SETTINGS));
      return 0;
    }
    Settings s = Settings.parse(SETTINGS, args);
    String delivery = s.string(DELIVERY);
    if (!Set.of("exactly-once", "at-least-once").contains(delivery)) {
      throw new IllegalArgumentException(
          "--delivery must be exactly-once or at-least-once, got '" + delivery + "'");
    }
    int brokers = s.integer(BROKERS, 1, 3);
    if (brokers == 2) {
      // with 2 brokers and min.insync.replicas 2 any one broker down stops every write
      throw new IllegalArgumentException("--brokers must be 1 or 3, got 2");
    }
    boolean temporary = !s.isSet(DIR);
    Path dir = RunFolder.create(temporary ? null : s.path(DIR), "tagstream-reliability");
    ReliabilityPlan plan =
        new ReliabilityPlan(
            dir.toAbsolutePath(),
            s.integer(IMAGES, 100, 10_000_000),
            s.integer(WORKERS, 1, 8),
            s.integer(KILLS, 0, 100),
            delivery,
            s.bool(BROKER),
            s.bool(FEEDBACK),
            s.bool(TRAINER),
            s.integer(LABELS, 2, 100_000),
            s.integer(BATCH, 1, 10_000),
            s.integer(LEAD, 100, 10_000_000),
            s.integer(RATE, 0, 1_000_000),
            s.duration(STALL, Duration.ofSeconds(1), Duration.ofDays(1)),
            brokers,
            s.duration(OUTAGE, Duration.ofSeconds(1), Duration.ofHours(1)));
    long t0 = System.nanoTime();
    Report report =
        RunFolder.around(
            dir,
            temporary && !s.bool(KEEP),
            "process logs",
            err,
            () -> new ReliabilityRun(plan, out, err).execute());
    String table =
        String.format(
            "%s%nrun time: %.0f s; %d workers, delivery %s, %d broker(s)%n",
            report.markdown(),
            (System.nanoTime() - t0) / 1e9,
            plan.workers(),
            plan.delivery(),
            plan.brokers());
    out.print(table);
    if (s.isSet(OUT)) {
      RunFolder.writeHeaded(s.path(OUT), "Reliability run", name(), args, table);
    }
    return report.failures() == 0 ? 0 : 1;
  }
}
