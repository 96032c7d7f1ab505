package dev.tagstream.model.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class IntraOpThreadsTest {
  private static <T> T onFreshThread(Callable<T> task) throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      return one.submit(task).get();
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void oneThreadsCountLeavesEveryOtherThreadsAlone() throws Exception {
    int processWide = onFreshThread(IntraOpThreads::onThisThread);
    int mine = processWide == 1 ? 2 : 1;
    int seen =
        onFreshThread(
            () -> {
              IntraOpThreads.useOnThisThread(mine);
              try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.ones(new ai.djl.ndarray.types.Shape(256, 256));
                x.matMul(x).sum().getFloat(); // operators after the change keep it
              }
              return IntraOpThreads.onThisThread();
            });
    assertEquals(mine, seen);
    assertEquals(processWide, onFreshThread(IntraOpThreads::onThisThread));
    assertEquals(processWide, IntraOpThreads.onThisThread());
  }

  @Test
  void refusesZeroThreads() {
    assertThrows(IllegalArgumentException.class, () -> IntraOpThreads.useOnThisThread(0));
  }
}
