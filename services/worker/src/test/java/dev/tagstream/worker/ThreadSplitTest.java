package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ThreadSplitTest {
  @BeforeAll
  static void loadEngine() {
    Engine.getEngine("PyTorch"); // before JniUtils: it calls into the engine's native library
  }

  @Test
  void onACpuInferenceThreadsTimesIntraOpThreadsIsTheCoreCount() {
    assertEquals(new ThreadSplit.Choice(2, 1), ThreadSplit.choose(2, false, 0, 0));
    assertEquals(new ThreadSplit.Choice(2, 4), ThreadSplit.choose(8, false, 0, 0));
    assertEquals(new ThreadSplit.Choice(1, 1), ThreadSplit.choose(1, false, 0, 0));
    assertEquals(new ThreadSplit.Choice(3, 2), ThreadSplit.choose(7, false, 3, 0));
    // an intra-op count given with -Dai.djl.pytorch.num_threads is kept; it sets the inference
    // threads when they are not given
    assertEquals(new ThreadSplit.Choice(1, 2), ThreadSplit.choose(2, false, 0, 2));
    assertEquals(new ThreadSplit.Choice(4, 2), ThreadSplit.choose(8, false, 0, 2));
    assertEquals(new ThreadSplit.Choice(2, 3), ThreadSplit.choose(2, false, 2, 3));
  }

  @Test
  void onAGpuOneInferenceThreadFeedsTheDeviceAndLibtorchIsLeftAlone() {
    assertEquals(new ThreadSplit.Choice(1, 0), ThreadSplit.choose(8, true, 0, 0));
    assertEquals(new ThreadSplit.Choice(2, 3), ThreadSplit.choose(8, true, 2, 3));
  }

  @Test
  void describesTheSplitAndSaysWhenThreadsOutnumberTheCores() {
    String twoCores = new ThreadSplit(2, 2, 2, 1, 1, "cpu()", true).describe();
    assertTrue(
        twoCores.startsWith(
            "threads on 2 cores: 2 fetch/decode, 2 inference x 1 libtorch intra-op (chosen: inference x"
                + " intra-op = cores) + 1 inter-op on cpu(), 1 consumer loop (fetch and intra-op threads"
                + " together exceed the cores"),
        twoCores);
    assertEquals(
        "threads on 8 cores: 2 fetch/decode, 1 inference x 4 libtorch intra-op (as configured) + 1"
            + " inter-op on gpu(0), 1 consumer loop",
        new ThreadSplit(8, 2, 1, 4, 1, "gpu(0)", false).describe());
  }

  @Test
  void choosesForEachInferenceThreadAndLeavesLibtorchsProcessWideCountAlone() {
    String given = System.clearProperty(ThreadSplit.INTRA_OP_PROPERTY);
    try {
      int before = JniUtils.getNumThreads();
      int cores = Runtime.getRuntime().availableProcessors();
      ThreadSplit now = ThreadSplit.resolve(3, 0, false, "cpu()");
      ThreadSplit.Choice expected = ThreadSplit.choose(cores, false, 0, 0);
      assertEquals(cores, now.cores());
      assertEquals(3, now.fetchThreads());
      assertEquals(expected.inferenceThreads(), now.inferenceThreads());
      assertEquals(expected.intraOp(), now.intraOp());
      assertEquals(expected.intraOp(), now.perThreadIntraOp());
      assertTrue(now.intraOpChosen());
      assertEquals(before, JniUtils.getNumThreads());
    } finally {
      System.setProperty(ThreadSplit.INTRA_OP_PROPERTY, given);
    }
  }

  @Test
  void keepsTheIntraOpThreadsTheOperatorGave() {
    // surefire gives -Dai.djl.pytorch.num_threads=1, as an operator would
    assertEquals("1", System.getProperty(ThreadSplit.INTRA_OP_PROPERTY));
    ThreadSplit now = ThreadSplit.resolve(2, 0, false, "cpu()");
    assertEquals(Runtime.getRuntime().availableProcessors(), now.inferenceThreads());
    assertEquals(1, now.intraOp());
    assertEquals(0, now.perThreadIntraOp());
    assertFalse(now.intraOpChosen());
  }
}
