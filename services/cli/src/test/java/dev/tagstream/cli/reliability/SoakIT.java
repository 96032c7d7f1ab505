package dev.tagstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagstream bench soak} at a tiny size: 2,000 references at 100/s for 40 s through a broker,
 * ingest, feedback and two workers, each its own process. The counts must be exact. The growth
 * verdicts are not asserted: 40 s is shorter than the services' HTTP threads live idle (a minute),
 * so their thread counts still rise at the end of so short a run; the real soak runs 34 minutes.
 */
class SoakIT {
  @Test
  void aTinySoakDeliversEveryReferenceExactlyOnceAndSamplesEveryProcess(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path table = dir.resolve("soak.md");
    int rc =
        Main.run(
            List.of(
                "bench",
                "soak",
                "--references",
                "2000",
                "--rate",
                "100",
                "--duration",
                "40s",
                "--sample",
                "2s",
                "--stall",
                "90s",
                "--dir",
                dir.resolve("run").toString(),
                "--out",
                table.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    String context = report + "\n--- stderr ---\n" + tail(err.toString(StandardCharsets.UTF_8));
    // a failed check, if any, is a growth verdict, never a count
    assertTrue(
        rc == 0
            || report
                .lines()
                .filter(l -> l.endsWith("| **NO** |"))
                .allMatch(l -> l.startsWith("| resources |")),
        context);
    for (String row :
        List.of(
            "| load | accepted by ingest (202, stored by Kafka) | 2000 | 2,000 | yes |",
            "| load | unexpected refusals of good batches | 0 | 0 | yes |",
            "| load | good references on the images topic | 2000 | 2,000 | yes |",
            "| load | scored (a prediction) | 2000 | 2,000 | yes |",
            "| load | dead-lettered (good references), by reason | 0 | 0 | yes |",
            "| load | missing (no output) | 0 | 0 | yes |",
            "| load | duplicated (outputs beyond one per input record, read_committed) | 0 | 0 | yes |",
            "| crashes | processes that died or services unhealthy without being killed | 0 | 0 | yes |")) {
      assertTrue(report.contains(row), "missing row " + row + "\n" + context);
    }
    assertTrue(report.contains("| load | services running and sampled | ≥ 40 s | "), context);
    for (String process : List.of("kafka-0", "kafka-1", "ingest", "feedback", "worker-0")) {
      assertTrue(
          report.contains("| resources | " + process + ": resident memory VmRSS (MiB) |"),
          process + "\n" + context);
      assertTrue(
          report.contains("| resources | " + process + ": open files (/proc/PID/fd) |"),
          process + "\n" + context);
    }
    assertTrue(report.contains("| resources | worker-1: heap used (MiB) |"));
    assertTrue(
        Files.readString(table)
            .startsWith(
                "# Soak run\n\nCommand:\n\n```\ntagstream bench soak --references 2000 --rate 100"));
    List<String> samples = Files.readAllLines(dir.resolve("soak-samples.csv"));
    assertEquals(
        "seconds,process,pid,heap_mib,java_threads,threads,rss_mib,open_files", samples.get(0));
    // one sample before the load, one every 2 s for at least 40 s, one at the end: 22 or more each
    assertTrue(samples.stream().filter(l -> l.contains(",worker-1,")).count() >= 22, context);
  }

  private static String tail(String s) {
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }
}
