package dev.tagstream.bench.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench worker --processes}: real worker processes on an embedded broker, every image of
 * every setup scored (a missing prediction would time the run out), the table printed, and no
 * worker process left behind.
 */
class BenchWorkerProcessesIT {
  private static final Pattern ROW =
      Pattern.compile(
          "\\| (\\d+) \\| (\\d+) \\| ([0-9.]+) \\| [0-9.]+-[0-9.]+ \\| ([0-9.]+|-) \\|");

  @Test
  void eachSetupOfProcessesAndPartitionsIsMeasuredAndItsWorkersExit() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        new BenchWorkerCommand()
            .run(
                List.of(
                    "--processes",
                    "1,2",
                    "--topic-partitions",
                    "2",
                    "--images",
                    "40",
                    "--batch",
                    "8",
                    "--labels",
                    "50",
                    "--rounds",
                    "1",
                    "--seconds",
                    "1"),
                new PrintStream(buf, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, out + err);
    Matcher m = ROW.matcher(out);
    int rows = 0;
    while (m.find()) {
      rows++;
      assertEquals("2", m.group(1), out);
      assertEquals(Integer.toString(rows), m.group(2), "processes 1 then 2\n" + out);
      assertTrue(Double.parseDouble(m.group(3)) > 0, out);
      assertEquals(rows == 1 ? "1.00" : m.group(4), m.group(4), out);
    }
    assertEquals(2, rows, out);
    assertFalse(out.contains("dead letters"), out);
    assertTrue(
        ProcessHandle.current()
            .descendants()
            .noneMatch(p -> p.info().commandLine().orElse("").contains("BenchWorkerProcess")),
        "a worker process outlived the bench");
  }

  @Test
  void processesAndShadowPercentsAreRefusedTogether() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        new BenchWorkerCommand()
            .run(
                List.of("--processes", "1,2", "--shadow-percents", "10"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, rc);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--shadow-percents"), err.toString());
  }
}
