package dev.tagstream.bench.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench retrain} on a small set: two releases, the second evaluated from cached embeddings
 * only.
 */
class BenchRetrainCommandIT {
  @Test
  void retrainsTwiceAndTheSecondReadsNoImage(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc =
        new BenchRetrainCommand()
            .run(
                List.of("--images", "60", "--epochs", "2", "--dir", dir.resolve("work").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
    assertEquals(0, rc);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("first retrain:  v0002 "), lines.get(0));
    assertTrue(lines.get(0).contains("training.seconds="), lines.get(0));
    assertTrue(lines.get(1).startsWith("second retrain: v0003 "), lines.get(1));
    assertTrue(lines.get(1).contains("skipped.unreadable=0.0"), lines.get(1));
    // candidate and current, each retrain, all from the cache once the first retrain embedded the
    // images
    assertEquals("evaluations from cached embeddings: 4.0", lines.get(2));
  }
}
