package dev.tagstream.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreadSplitTest {
  @Test
  void describesTheSplitAndSaysWhenThreadsOutnumberTheCores() {
    String twoCores = new ThreadSplit(2, 2, 2, 2, "cpu()").describe();
    assertTrue(
        twoCores.startsWith(
            "threads on 2 cores: 2 fetch/decode, libtorch 2 intra-op + 2 inter-op on cpu(), 1 inference"
                + " loop, 1 consumer loop (fetch and intra-op threads together exceed the cores"),
        twoCores);
    assertEquals(
        "threads on 8 cores: 2 fetch/decode, libtorch 4 intra-op + 1 inter-op on gpu(0), 1 inference"
            + " loop, 1 consumer loop",
        new ThreadSplit(8, 2, 4, 1, "gpu(0)").describe());
  }

  @Test
  void readsTheEnginesPoolsOnThisMachine() {
    ThreadSplit now = ThreadSplit.current(3, "cpu()");
    assertEquals(Runtime.getRuntime().availableProcessors(), now.cores());
    assertEquals(3, now.fetchThreads());
    assertTrue(now.intraOp() >= 1 && now.interOp() >= 1, now.toString());
  }
}
