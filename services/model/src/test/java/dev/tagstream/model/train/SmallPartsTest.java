package dev.tagstream.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {
  @Test
  void learningRateWarmsUpLinearlyThenFollowsCosine() {
    WarmupCosineTracker t = new WarmupCosineTracker(1f, 2, 6, 0f);
    // DJL counts updates from 1: step s = numUpdate - 1
    assertEquals(0.5f, t.getNewValue(1), 1e-7); // warm-up (0+1)/2
    assertEquals(1.0f, t.getNewValue(2), 1e-7); // (1+1)/2
    assertEquals(1.0f, t.getNewValue(3), 1e-7); // cosine start
    assertEquals(0.5f, t.getNewValue(5), 1e-7); // half-way: (1 + cos(pi/2))/2
    assertEquals(0.0f, t.getNewValue(7), 1e-7); // end
    assertEquals(0.0f, t.getNewValue(50), 1e-7); // clamped after the end
    assertEquals(0.1f, new WarmupCosineTracker(1f, 0, 4, 0.1f).getNewValue(5), 1e-7); // floor
  }

  @Test
  void progressBarPrintsPlainLinesWithoutATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar p = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    p.start("epoch 1/2", 100);
    for (int i = 1; i <= 100; i++) {
      p.update(i, 0.5);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(10, out.lines().count()); // one line per 10 %
    assertTrue(
        out.lines()
            .allMatch(l -> l.contains("loss 0.5000") && l.contains("img/s") && l.contains("ETA")));
    assertTrue(!out.contains("\r"));
    assertEquals("1:05", ProgressBar.clock(65));
  }

  @Test
  void embeddingCacheRoundTripsAndTreatsOtherBackbonesAsStale(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("emb.bin");
    EmbeddingCache c = new EmbeddingCache("bb-1", 3);
    c.put("img-1", new float[] {1f, 2f, 3f});
    c.put("img-2", new float[] {-1f, 0f, 0.5f});
    c.save(f);
    EmbeddingCache back = EmbeddingCache.load(f, "bb-1", 3);
    assertEquals(2, back.size());
    assertArrayEquals(new float[] {-1f, 0f, 0.5f}, back.get("img-2"));
    assertEquals(0, EmbeddingCache.load(f, "bb-2", 3).size());
    assertEquals(0, EmbeddingCache.load(f, "bb-1", 4).size());
    assertNull(EmbeddingCache.load(dir.resolve("none.bin"), "bb-1", 3).get("img-1"));
  }

  @Test
  void shuffleIsAPermutationFixedBySeed() {
    int[] a = Batches.shuffle(10, new java.util.Random(1));
    int[] b = Batches.shuffle(10, new java.util.Random(1));
    assertArrayEquals(a, b);
    assertEquals(45, java.util.Arrays.stream(a).sum());
    assertEquals(10, java.util.Arrays.stream(a).distinct().count());
  }
}
