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
 * {@code tagstream bench reliability} scaled down for CI: 3,000 references at 100/s, two worker
 * processes killed twice, the broker, the feedback app and the trainer faults, every bad input and
 * forgery probe. The command computes each figure from the topics; this test insists that every
 * check of the table held and that the table has the rows the issue asks for.
 */
class ReliabilityIT {
  @Test
  void aScaledDownRunLosesNothingDuplicatesNothingAndRefusesEveryBadInput(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path table = dir.resolve("reliability.md");
    int rc =
        Main.run(
            List.of(
                "bench",
                "reliability",
                "--images",
                "3000",
                "--rate",
                "100",
                "--worker-kills",
                "2",
                "--stall",
                "90s",
                "--dir",
                dir.resolve("run").toString(),
                "--out",
                table.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, report + "\n--- stderr ---\n" + tail(err.toString(StandardCharsets.UTF_8)));
    assertTrue(report.contains(" checks, 0 failed"), report);
    for (String row :
        List.of(
            "| load | missing (no output) | 0 | 0 | yes |",
            "| load | duplicated (outputs beyond one per input record, read_committed) | 0 | 0 | yes |",
            "| load | scored (a prediction) | 3000 | 3,000 | yes |",
            "| faults | worker killed (SIGKILL) #2",
            "| faults | broker stopped and restarted on the same data |",
            "| faults | feedback app restarted",
            "| faults | trainer killed (SIGKILL) mid-training, restarted | no partial artifact in the registry |",
            "| security | ssrf-redirect-to-metadata | fetch/forbidden-address | fetch/forbidden-address | yes |",
            "| security | requests that reached the loopback canaries | 0 | 0 | yes |",
            "| bad input (worker) | bad-huge-dimensions | decode/too-many-pixels | decode/too-many-pixels | yes |",
            "| bad input (topics) | garbage-labels-text | deserialize/* | deserialize/",
            "| bad input (models) | predictions by a broken release (v0901, v0902) | 0 | 0 | yes |",
            "| feedback | confirmations missing from label-state after the restarts | 0 | 0 | yes |",
            "| crashes | processes that died or services unhealthy without being killed | 0 | 0 | yes |")) {
      assertTrue(report.contains(row), "missing row " + row + "\n" + report);
    }
    assertTrue(
        Files.readString(table)
            .startsWith(
                "# Reliability run\n\nCommand:\n\n```\ntagstream bench reliability --images 3000"));
  }

  private static String tail(String s) {
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }
}
