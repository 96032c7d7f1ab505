package dev.tagstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tagstream bench reliability --brokers 3} scaled down for CI: a controller and three broker
 * processes, replication 3 and min.insync.replicas 2; the leaders of images-0 and predictions-0
 * killed (SIGKILL) and restarted, then two brokers stopped at once. Exactly-once: nothing
 * acknowledged is missing, nothing is duplicated, no good reference is dead-lettered, and ingest
 * answered 503 while two brokers were down.
 */
class ClusterReliabilityIT {
  private static final Pattern OUTAGE_503 =
      Pattern.compile(
          "\\| cluster \\| brokers 1-2 stopped for \\d+ s: ingest answers \\| [^|]+ \\| (\\d+) answers 503");

  @Test
  void leaderKillsAndATwoBrokerOutageLoseAndDuplicateNothing(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        Main.run(
            List.of(
                "bench",
                "reliability",
                "--brokers",
                "3",
                "--images",
                "2400",
                "--rate",
                "20",
                "--batch",
                "100",
                "--lead",
                "400",
                "--outage",
                "15s",
                "--worker-kills",
                "0",
                "--feedback-restart",
                "false",
                "--trainer-kill",
                "false",
                "--stall",
                "90s",
                "--dir",
                dir.resolve("run").toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    String context = report + "\n--- stderr ---\n" + tail(err.toString(StandardCharsets.UTF_8));
    assertEquals(0, rc, context);
    assertTrue(report.contains(" checks, 0 failed"), context);
    for (String row :
        List.of(
            "| load | missing (no output) | 0 | 0 | yes |",
            "| load | duplicated (outputs beyond one per input record, read_committed) | 0 | 0 | yes |",
            "| load | scored (a prediction) | 2400 | 2,400 | yes |",
            "| load | dead-lettered (good references), by reason | 0 | 0 | yes |",
            "| cluster | leader of images-0 killed (SIGKILL) #1, restarted |",
            "| cluster | leader of predictions-0 killed (SIGKILL) #2, restarted |",
            "| cluster | after the two-broker outage | every replica in sync again |",
            "| crashes | processes that died or services unhealthy without being killed | 0 | 0 | yes |")) {
      assertTrue(report.contains(row), "missing row " + row + "\n" + context);
    }
    Matcher m = OUTAGE_503.matcher(report);
    assertTrue(m.find(), "no outage row\n" + context);
    assertTrue(Long.parseLong(m.group(1)) > 0, "no 503 during the outage\n" + context);
  }

  private static String tail(String s) {
    return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
  }
}
