package dev.tagstream.model.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.tagstream.model.artifact.ModelArtifact;
import dev.tagstream.model.artifact.SyntheticModel;
import dev.tagstream.model.nn.BackboneSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch scores each image as it would alone, whatever thread scores it and whatever came before.
 */
class ScorerTest {
  @TempDir Path dir;

  private static List<float[]> images(int n, int length, long seed) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] img = new float[length];
      for (int j = 0; j < length; j++) {
        img[j] = r.nextFloat();
      }
      out.add(img);
    }
    return out;
  }

  private static void assertSameScores(ScoreBatch expected, ScoreBatch actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.probabilities().get(i), actual.probabilities().get(i), 1e-5f);
      assertArrayEquals(expected.embeddings().get(i), actual.embeddings().get(i), 1e-4f);
    }
  }

  @Test
  void scoresABatchAsEachImageAloneAndFromSeveralThreadsAtOnce() throws Exception {
    ModelArtifact a =
        SyntheticModel.write(dir.resolve("t1"), "t1", 20, BackboneSpec.resnet(32, 8, 1, 2), 0.5f);
    try (Scorer s = Scorer.open(a, Device.cpu())) {
      int len = s.preprocessor().length();
      List<float[]> five = images(5, len, 1);
      ScoreBatch batch = s.score(five);
      for (int i = 0; i < five.size(); i++) {
        ScoreBatch alone = s.score(List.of(five.get(i)));
        assertArrayEquals(batch.probabilities().get(i), alone.probabilities().get(0), 1e-5f);
      }
      // a smaller batch after a larger one reuses this thread's buffer: nothing of the last stays
      List<float[]> two = images(2, len, 2);
      ScoreBatch small = s.score(two);
      assertSameScores(small, s.score(List.of(two.get(0), two.get(1))));

      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          boolean big = t == 0;
          done.add(
              pool.submit(
                  () -> {
                    for (int k = 0; k < 20; k++) {
                      assertSameScores(big ? batch : small, s.score(big ? five : two));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void refusesAnImageOfTheWrongSize() {
    ModelArtifact a =
        SyntheticModel.write(dir.resolve("t2"), "t2", 4, BackboneSpec.resnet(32, 8, 1, 2), 0.5f);
    try (Scorer s = Scorer.open(a, Device.cpu())) {
      int len = s.preprocessor().length();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> s.score(List.of(new float[len], new float[len - 1])));
      assertEquals("image 1 has " + (len - 1) + " values, expected " + len, e.getMessage());
    }
  }
}
