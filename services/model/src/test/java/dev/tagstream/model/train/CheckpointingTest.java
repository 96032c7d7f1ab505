package dev.tagstream.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointingTest {

  @Test
  void writesTheLastWeightsEveryEpochAndReplacesTheBestOnlyOnImprovement(@TempDir Path dir)
      throws Exception {
    BestEpoch best = BestEpoch.none(new byte[] {42});
    AtomicInteger optimizerSaves = new AtomicInteger();
    List<EpochListener> listeners =
        List.of(
            best,
            new Checkpointing(
                dir, "fp", best, () -> new byte[] {(byte) optimizerSaves.incrementAndGet()}));
    Epochs run = new Epochs();
    double[] maps = {0.2, 0.1, 0.3};
    byte[][] bestAfter = {Epochs.weights(0), Epochs.weights(0), Epochs.weights(2)};
    int[] bestEpochAfter = {0, 0, 2};
    for (int e = 0; e < maps.length; e++) {
      FitLoop.endEpoch(listeners, run.end(e, maps[e]));
      assertArrayEquals(
          Epochs.weights(e), Files.readAllBytes(dir.resolve(Checkpoint.LAST)), "last after " + e);
      assertArrayEquals(
          bestAfter[e], Files.readAllBytes(dir.resolve(Checkpoint.BEST)), "best after " + e);
      assertArrayEquals(
          new byte[] {(byte) (e + 1)}, Files.readAllBytes(dir.resolve(Checkpoint.OPTIMIZER)));
      Checkpoint.State state = Checkpoint.find(dir, "fp").orElseThrow();
      assertEquals(e, state.epoch());
      assertEquals(bestEpochAfter[e], state.bestEpoch());
      assertEquals(maps[bestEpochAfter[e]], state.bestMap());
      assertEquals(run.history, state.history());
    }
  }

  @Test
  void aStateWrittenUnderAnotherConfigurationIsNotResumed(@TempDir Path dir) throws Exception {
    BestEpoch best = BestEpoch.none(new byte[0]);
    FitLoop.endEpoch(
        List.of(best, new Checkpointing(dir, "fp", best, () -> new byte[0])),
        new Epochs().end(0, 0.2));
    assertTrue(Checkpoint.find(dir, "fp").isPresent());
    assertFalse(Checkpoint.find(dir, "other").isPresent());
  }
}
