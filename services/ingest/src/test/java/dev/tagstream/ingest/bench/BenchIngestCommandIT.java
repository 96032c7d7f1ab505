package dev.tagstream.ingest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tagstream.broker.testkit.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small run of the benchmark against the test broker: both rates and their ratio are printed. */
class BenchIngestCommandIT {
  @Test
  void printsTheRawRateTheHttpRateAndTheirRatio() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc =
        new BenchIngestCommand()
            .run(
                List.of(
                    "--bootstrap",
                    TestBroker.bootstrap(),
                    "--records",
                    "2000",
                    "--batch",
                    "200",
                    "--clients",
                    "2",
                    "--streams",
                    "3",
                    "--rounds",
                    "1",
                    "--partitions",
                    "2",
                    "--warm-up",
                    "1000"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, rc);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(6, lines.length, out.toString(StandardCharsets.UTF_8));
    assertTrue(
        lines[0].startsWith(
            "record: 136 bytes (key + Avro value), 2000 records per run, broker external"),
        lines[0]);
    assertTrue(
        lines[1].matches(
            "raw producer \\(idempotent, acks=all\\): +[0-9,]+ records/s median, rounds \\[\\d+]"),
        lines[1]);
    assertTrue(
        lines[2].matches(
            "HTTP API \\(2 clients x 200 per POST\\): +[0-9,]+ references/s median, rounds \\[\\d+]"),
        lines[2]);
    assertTrue(
        lines[3].matches(
            "ratio HTTP/raw \\(medians\\): \\d+\\.\\d\\d \\(target >= 0\\.80: (met|NOT met)\\)"),
        lines[3]);
    assertTrue(
        lines[4].matches(
            "NDJSON \\(3 streams at once\\): +[0-9,]+ references/s median, rounds \\[\\d+]"),
        lines[4]);
    assertTrue(
        lines[5].matches(
            "ratio NDJSON/raw \\(medians\\): \\d+\\.\\d\\d \\(target >= 0\\.80: (met|NOT met)\\)"),
        lines[5]);
  }

  @Test
  void comparesMediansBecauseSingleRunsOnASharedMachineAreNoisy() {
    assertEquals(3.0, BenchIngestCommand.median(List.of(9.0, 1.0, 3.0)));
    assertEquals(2.5, BenchIngestCommand.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void buildsUrisOfTheRequestedLengthSoRecordSizesMatchOnBothSides() {
    assertEquals(80, BenchWorkload.uri("bench-000000001", 80).length());
    BenchWorkload w = BenchWorkload.build("b", 5, 2, 80, "images", 2);
    assertEquals(3, w.bodies().size());
    assertEquals(5, w.values().size());
    // the same five references as two NDJSON streams: 0-2 and 3-4
    assertEquals(
        List.of(3L, 2L),
        w.streams().stream()
            .map(b -> new String(b, StandardCharsets.UTF_8).lines().count())
            .toList());
    assertTrue(
        new String(w.streams().get(1), StandardCharsets.UTF_8)
            .startsWith("{\"id\":\"b-000000003\",\"uri\":\"https://"));
  }
}
